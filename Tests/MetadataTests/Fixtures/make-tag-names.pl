#!/usr/bin/perl
# Writes Sources/Metadata/TagNameTable.swift from ExifTool's own tag tables, so that Conservator names
# EXIF, TIFF and GPS tags exactly as the installed ExifTool does:
#
#   perl Tests/MetadataTests/Fixtures/make-tag-names.pl > Sources/Metadata/TagNameTable.swift
#
# Reads Image::ExifTool::Exif::Main and Image::ExifTool::GPS::Main (ExifTool 12.57 made the committed
# table). Where ExifTool holds a list of candidate names for one tag number and picks by camera make or
# file type, the first candidate is the ordinary case (StripOffsets, ThumbnailOffset), except for the two
# tags in %ordinary, whose first candidates belong to one camera maker's files.
use strict;
use warnings;
use Image::ExifTool;
use Image::ExifTool::Exif;
use Image::ExifTool::GPS;

my %ordinary = (
    0x927C => 'MakerNote',       # the candidates are per-maker parsers (MakerNoteApple ...); recorded whole
    0xC634 => 'DNGPrivateData',  # the first candidates are Sony SR2 and Pentax variants of this DNG tag
);

# The names of one table's numeric tags, as "        0xABCD: \"Name\",\n" lines in tag order.
sub entries {
    my ($table, $overrides) = @_;
    my $lines = '';
    foreach my $id (sort { $a <=> $b } grep { /^\d+$/ and $_ <= 0xFFFF } keys %$table) {
        my $info = $$table{$id};
        my $name = $$overrides{$id};
        $name //= ref $info eq 'ARRAY' ? $$info[0]{Name} : ref $info eq 'HASH' ? $$info{Name} : $info;
        $lines .= sprintf("        0x%04X: \"%s\",\n", $id, $name);
    }
    return $lines;
}

my $version = $Image::ExifTool::VERSION;
my $exif = entries(\%Image::ExifTool::Exif::Main, \%ordinary);
my $gps = entries(\%Image::ExifTool::GPS::Main, {});

print <<"SWIFT";
// Generated from ExifTool ${version}'s tag tables (Image::ExifTool::Exif::Main and Image::ExifTool::GPS::Main)
// by Tests/MetadataTests/Fixtures/make-tag-names.pl; edit that script, not this file.

/// ExifTool's names for the numeric tags of TIFF-structured metadata, so that what Conservator records
/// reads the same as what curators see in ExifTool (`IFD0:Make`, `ExifIFD:ISO`, `GPS:GPSLatitude`).
///
/// One table serves IFD0, IFD1, the EXIF IFD and the Interoperability IFD, as in ExifTool, where a tag
/// number means the same thing in each; GPS tags have their own numbering. Where ExifTool picks among
/// several names by camera make or file type (0x0111, 0x0201, 0x927C ...), the table holds the name of
/// the ordinary case: `StripOffsets`, `ThumbnailOffset`, and `MakerNote` for maker notes, which are
/// recorded whole and not parsed. A tag missing from the table gets ExifTool's name for unknown tags
/// (`-u`): `Exif_0xabcd` or `GPS_0x001f`, lowercase hex.
enum TagNameTable {
    /// The name of `tag` found in an IFD of `group` ("GPS" or any other).
    static func name(of tag: UInt16, inGroup group: String) -> String {
        if group == "GPS" {
            return gps[tag] ?? "GPS_" + hex(tag)
        }
        return exif[tag] ?? "Exif_" + hex(tag)
    }

    private static func hex(_ tag: UInt16) -> String {
        let digits = String(tag, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Tags of IFD0, IFD1, the EXIF IFD and the Interoperability IFD.
    static let exif: [UInt16: String] = [
$exif    ]

    /// Tags of the GPS IFD.
    static let gps: [UInt16: String] = [
$gps    ]
}
SWIFT
