#!/usr/bin/env bash
# Makes the metadata fixtures and ExifTool's view of each (`exiftool -json -G1 -a -n`), which the tests
# compare Conservator's rows against. Run from anywhere; writes beside this script. Needs ImageMagick
# (`convert`), exiftool and python3 with numpy. The outputs are committed, so the tests need none of these.
#
#   metadata.jpg      ~80 EXIF tags over IFD0, ExifIFD, GPS, InteropIFD and IFD1 (with a thumbnail),
#                     rationals, UNDEFINED values, a UserComment, XMP and a v2 ICC profile split over
#                     two APP2 chunks (stored out of order)
#   metadata8.tif     8-bit RGB with EXIF and GPS sub-IFDs, XMP (tag 700) and a v4 ICC profile (tag 34675)
#   metadata16.tif    the same, 16-bit and big-endian
#   metadata.png      tEXt, zTXt, iTXt (plain, compressed, with a language), eXIf, iCCP and an XMP iTXt
#   metadata-magick.png
#                     what ImageMagick makes of the JPEG: a palette PNG with eXIf and text after the
#                     image data, its "Raw profile type xmp" text, and many tEXt properties
#   metadata-edge.tif values no writer would make but files hold: zero denominators, signed and floating
#                     types, trailing blanks, a UNICODE UserComment, odd dates, a GPS time that rounds
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Two ICC profiles written by hand, so that their descriptions are known: a v2 one with a `desc`
# textDescriptionType tag, and a v4 one with a `desc` multiLocalizedUnicodeType tag holding two languages.
python3 - "$work" <<'PY'
import struct, sys
def profile(version, tags):
    body, table, offset = b"", b"", 128 + 4 + 12 * len(tags)
    for sig, data in tags:
        table += struct.pack(">4sII", sig, offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = struct.pack(">I4sI4s4s4s12s4s4sI4s4s8sI12s4s16s28s", size, b"none", version, b"mntr", b"RGB ",
                         b"XYZ ", bytes(12), b"acsp", b"APPL", 0, b"none", b"test", bytes(8), 0,
                         struct.pack(">3i", 63190, 65536, 54061), b"none", bytes(16), bytes(28))
    return header + struct.pack(">I", len(tags)) + table + body
xyz = b"XYZ " + bytes(4) + struct.pack(">3i", 63190, 65536, 54061)
desc = "Conservator Test RGB v2".encode()
v2 = profile(0x02100000, [(b"desc", b"desc" + bytes(4) + struct.pack(">I", len(desc) + 1) + desc + b"\0"
                           + bytes(4 + 4 + 2 + 1 + 67)), (b"wtpt", xyz),
                          (b"cprt", b"text" + bytes(4) + b"No copyright, test data\0")])
records = [("en", "US", "Conservator Test RGB v4"), ("fr", "FR", "Profil d'essai Conservator")]
strings = [r[2].encode("utf-16-be") for r in records]
mluc, at = b"mluc" + bytes(4) + struct.pack(">II", len(records), 12), 16 + 12 * len(records)
for (lang, country, _), s in zip(records, strings):
    mluc += struct.pack(">2s2sII", lang.encode(), country.encode(), len(s), at)
    at += len(s)
mluc += b"".join(strings)
v4 = profile(0x04300000, [(b"desc", mluc), (b"wtpt", xyz)])
open(sys.argv[1] + "/v2.icc", "wb").write(v2)
open(sys.argv[1] + "/v4.icc", "wb").write(v4)
PY

cat > "$work/xmp.xmp" <<'XMP'
<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
 <rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
  <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>
   <dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Harbour at dusk, 1923</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Unknown photographer</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>
XMP

# The tags, written by exiftool so that each lands in the IFD the EXIF standard puts it in.
exif_tags=(
  -IFD0:Make=Hasselblad -IFD0:Model="Flextight X5" -IFD0:Orientation#=1 -IFD0:XResolution=300
  -IFD0:YResolution=300 -IFD0:ResolutionUnit#=2 -IFD0:Software="Conservator fixtures"
  -IFD0:ModifyDate="2024:03:01 10:20:30" -IFD0:Artist="Jane Doe" -IFD0:Copyright="Public domain"
  -IFD0:ImageDescription="A harbour scene" -IFD0:YCbCrPositioning#=1 -IFD0:XPTitle="Harbour"
  -ExifIFD:ExposureTime=0.008 -ExifIFD:FNumber=5.6 -ExifIFD:ExposureProgram#=1 -ExifIFD:ISO=400
  -ExifIFD:ExifVersion=0232 -ExifIFD:DateTimeOriginal="1923:06:15 18:42:07"
  -ExifIFD:CreateDate="2024:03:01 10:20:30" -ExifIFD:OffsetTime="+01:00" -ExifIFD:ComponentsConfiguration#="1 2 3 0"
  -ExifIFD:ShutterSpeedValue#=0.008 -ExifIFD:ApertureValue#=5.6 -ExifIFD:BrightnessValue=-1.25
  -ExifIFD:ExposureCompensation=-0.7 -ExifIFD:MaxApertureValue#=2.8 -ExifIFD:SubjectDistance=12.5
  -ExifIFD:MeteringMode#=5 -ExifIFD:LightSource#=1 -ExifIFD:Flash#=16 -ExifIFD:FocalLength=50
  -ExifIFD:UserComment="Scanned from a glass plate negative" -ExifIFD:SubSecTimeOriginal=042
  -ExifIFD:FlashpixVersion=0100 -ExifIFD:ColorSpace#=1 -ExifIFD:ExifImageWidth=64
  -ExifIFD:ExifImageHeight=48 -ExifIFD:FocalPlaneXResolution=4000 -ExifIFD:FocalPlaneResolutionUnit#=3
  -ExifIFD:SensingMethod#=2 -ExifIFD:FileSource#=3 -ExifIFD:SceneType#=1 -ExifIFD:CustomRendered#=0
  -ExifIFD:ExposureMode#=1 -ExifIFD:WhiteBalance#=1 -ExifIFD:DigitalZoomRatio=1
  -ExifIFD:FocalLengthIn35mmFormat=50 -ExifIFD:SceneCaptureType#=0 -ExifIFD:Contrast#=0
  -ExifIFD:Saturation#=0 -ExifIFD:Sharpness#=0 -ExifIFD:LensMake=Schneider
  -ExifIFD:LensModel="Apo-Digitar 80mm" -ExifIFD:SerialNumber=X5-0042 -ExifIFD:LensInfo="80 80 5.6 32"
  -ExifIFD:ImageUniqueID=0123456789abcdef0123456789abcdef -ExifIFD:Gamma=2.2
  -GPS:GPSVersionID="2 3 0 0" -GPS:GPSLatitudeRef=N -GPS:GPSLatitude=51.5074 -GPS:GPSLongitudeRef=W
  -GPS:GPSLongitude=0.1278 -GPS:GPSAltitudeRef#=0 -GPS:GPSAltitude=35.2 -GPS:GPSTimeStamp="17:42:07.5"
  -GPS:GPSDateStamp="1923:06:15" -GPS:GPSMapDatum=WGS-84 -GPS:GPSProcessingMethod=MANUAL
  -GPS:GPSImgDirectionRef=T -GPS:GPSImgDirection=271.25
)

python3 - "$work" <<'PY'
import numpy as np, sys
# A smooth gradient: small when compressed, and it exercises every code value of an 8-bit channel.
y, x = np.mgrid[0:48, 0:64]
rgb = np.stack([x * 4, y * 5, (x + y) * 2], axis=-1).astype(np.uint8)
open(sys.argv[1] + "/base.ppm", "wb").write(b"P6 64 48 255\n" + rgb.tobytes())
rgb16 = (rgb.astype(np.uint16) * 257).byteswap()
open(sys.argv[1] + "/base16.ppm", "wb").write(b"P6 64 48 65535\n" + rgb16.tobytes())
PY

# JPEG: EXIF with a thumbnail (IFD1) and an Interop IFD, XMP, and a v2 ICC profile in two APP2 chunks.
convert "$work/base.ppm" -resize 16x12 "$work/thumb.jpg"
convert "$work/base.ppm" -quality 80 -strip metadata.jpg
exiftool -q -overwrite_original "${exif_tags[@]}" -InteropIFD:InteropIndex=R98 -InteropIFD:InteropVersion=0100 \
  "-ThumbnailImage<=$work/thumb.jpg" "-XMP<=$work/xmp.xmp" -Comment="Plate 1923/47, box 12" metadata.jpg
# A profile over 64 KB takes several APP2 chunks; exiftool writes one, so split this (small) one in two by
# hand, and put the chunks in the file in reverse order, which the reader must undo by sequence number.
python3 - "$work" <<'PY'
import struct, sys
icc = open(sys.argv[1] + "/v2.icc", "rb").read()
half = len(icc) // 2
def app2(seq, part):
    body = b"ICC_PROFILE\0" + bytes([seq, 2]) + part
    return b"\xff\xe2" + struct.pack(">H", len(body) + 2) + body
jpeg = open("metadata.jpg", "rb").read()
open("metadata.jpg", "wb").write(jpeg[:2] + app2(2, icc[half:]) + app2(1, icc[:half]) + jpeg[2:])
PY

# TIFF: 8-bit little-endian and 16-bit big-endian, with EXIF and GPS sub-IFDs, XMP and a v4 ICC profile.
convert "$work/base.ppm" -compress none -define tiff:endian=lsb -strip metadata8.tif
convert "$work/base16.ppm" -depth 16 -compress zip -define tiff:endian=msb -strip metadata16.tif
for tif in metadata8.tif metadata16.tif; do
  exiftool -q -overwrite_original "${exif_tags[@]}" "-XMP<=$work/xmp.xmp" "-ICC_Profile<=$work/v4.icc" "$tif"
done

# PNG: written chunk by chunk so that each text chunk kind is present: eXIf holds the JPEG's EXIF block.
exiftool -b -EXIF metadata.jpg > "$work/exif.bin"
python3 - "$work" <<'PY'
import struct, sys, zlib
work = sys.argv[1]
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = open(work + "/base.ppm", "rb").read().split(b"\n", 1)[1]
rows = b"".join(b"\0" + raw[r * 192:(r + 1) * 192] for r in range(48))
xmp = open(work + "/xmp.xmp", "rb").read()
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0))
png += chunk(b"iCCP", b"Conservator v4\0\0" + zlib.compress(open(work + "/v4.icc", "rb").read()))
png += chunk(b"tEXt", b"Title\0Harbour at dusk")
png += chunk(b"tEXt", b"Author\0Jane Doe")
png += chunk(b"zTXt", b"Description\0\0" + zlib.compress(b"A harbour scene, scanned from a glass plate"))
png += chunk(b"iTXt", b"Comment\0\0\0\0\0" + "Plain international text: caf\u00e9".encode())
png += chunk(b"iTXt", b"Title\0\1\0fr-FR\0Titre\0" + zlib.compress("Port au cr\u00e9puscule".encode()))
png += chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp)
png += chunk(b"eXIf", open(work + "/exif.bin", "rb").read())
png += chunk(b"pHYs", struct.pack(">IIB", 11811, 11811, 1))
png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open("metadata.png", "wb").write(png)
PY

convert metadata.jpg -resize 8x6 metadata-magick.png 2>/dev/null

# TIFF with the values writers do not make but files hold, written entry by entry (little-endian).
python3 - <<'PY'
import struct
def tiff(directories):
    """directories: list of (name, [(tag, type, count, payload bytes)]), IFD0 first; an entry whose payload
    is a directory name becomes a LONG pointer to that directory."""
    sizes = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
    at, places = 8, {}
    for name, entries in directories:
        places[name] = at
        at += 2 + 12 * len(entries) + 4
    data, out = b"", b"II*\0" + struct.pack("<I", 8)
    for name, entries in directories:
        out += struct.pack("<H", len(entries))
        for tag, kind, count, payload in sorted(entries):
            if isinstance(payload, str):
                payload = struct.pack("<I", places[payload])
            if len(payload) > 4:
                out += struct.pack("<HHII", tag, kind, count, at + len(data))
                data += payload + b"\0" * (len(payload) % 2)
            else:
                out += struct.pack("<HHI", tag, kind, count) + payload.ljust(4, b"\0")
        out += struct.pack("<I", 0)
    return out + data
def rationals(fmt, *pairs):
    return b"".join(struct.pack("<" + fmt, *p) for p in pairs)
ascii = lambda text: (len(text) + 1, text.encode("latin-1") + b"\0")
pixel_at = 1024
ifd0 = [(0x100, 3, 1, struct.pack("<H", 1)), (0x101, 3, 1, struct.pack("<H", 1)), (0x102, 3, 1, struct.pack("<H", 8)),
        (0x103, 3, 1, struct.pack("<H", 1)), (0x106, 3, 1, struct.pack("<H", 1)), (0x111, 4, 1, struct.pack("<I", pixel_at)),
        (0x115, 3, 1, struct.pack("<H", 1)), (0x116, 3, 1, struct.pack("<H", 1)), (0x117, 4, 1, struct.pack("<I", 1)),
        (0x10F, 2) + ascii("Canon   "), (0x110, 2) + ascii("Model\tX \n"), (0x131, 2) + ascii("Scan"),
        (0x13B, 2) + ascii("Anne Other  "), (0x10E, 2, 12, b"First\0Second"),
        (0x11A, 5, 1, rationals("II", (0, 0))), (0x11B, 5, 1, rationals("II", (5, 0))),
        (0x128, 3, 1, struct.pack("<H", 2)), (0x8769, 4, 1, "exif"), (0x8825, 4, 1, "gps")]
comment = b"UNICODE\0" + "Unicode comment \u00e9t\u00e9  ".encode("utf-16-le")
exif = [(0x9204, 10, 1, rationals("ii", (-1, 3))), (0x9286, 7, len(comment), comment),
        (0x9201, 10, 1, rationals("ii", (0, 0))), (0x9202, 5, 1, rationals("II", (0, 0))),
        (0x9214, 3, 4, struct.pack("<4H", 10, 20, 30, 40)), (0x9102, 11, 1, struct.pack("<f", 1.1)),
        (0xA500, 12, 1, struct.pack("<d", 2.2)), (0xA217, 8, 1, struct.pack("<h", -2)),
        (0x8822, 6, 1, struct.pack("<b", -3)), (0x9003, 2) + ascii("1923:06:15 18:42:07"),
        (0x9290, 2) + ascii("5  "), (0xA420, 2) + ascii("id"), (0xABCD, 7, 6, bytes([0, 1, 2, 0xFF, 0xFE, 3])),
        (0xA302, 7, 8, bytes([0, 2, 0, 2, 0, 1, 1, 2])), (0x9000, 7, 4, b"0220"),
        (0xA40B, 7, 5, b"\x01\x02\x03\x04\x05")]
gps = [(0x0, 1, 4, bytes([2, 2, 0, 0])), (0x1, 2) + ascii("S"), (0x2, 5, 3, rationals("II", (33, 1), (51, 1), (3159, 100))),
       (0x3, 2) + ascii("E"), (0x4, 5, 3, rationals("II", (151, 1), (0, 0), (0, 1))),
       (0x7, 5, 3, rationals("II", (23, 1), (59, 1), (3599999999, 60000000))), (0x1D, 2) + ascii("1923-06-15"),
       (0x6, 5, 1, rationals("II", (0, 0))), (0x1B, 7, 13, b"ASCII\0\0\0GPS  "), (0x1F, 5, 1, rationals("II", (3, 2)))]
body = tiff([("ifd0", ifd0), ("exif", exif), ("gps", gps)])
assert len(body) <= pixel_at, len(body)
open("metadata-edge.tif", "wb").write(body.ljust(pixel_at, b"\0") + b"\x80")
PY

for fixture in metadata.jpg metadata8.tif metadata16.tif metadata.png metadata-magick.png metadata-edge.tif; do
  exiftool -q -json -G1 -a -n "$fixture" > "$fixture.json"
  rm -f "$fixture.icc.sha256"
  exiftool -b -ICC_Profile "$fixture" > "$work/icc"
  if [ -s "$work/icc" ]; then sha256sum < "$work/icc" | cut -d' ' -f1 > "$fixture.icc.sha256"; fi
done
