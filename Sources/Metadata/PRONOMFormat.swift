import ImageSource

/// The PRONOM format identifier (PUID) of an image file, as The National Archives' registry names the exact
/// format and version (https://www.nationalarchives.gov.uk/PRONOM/): what a preservation system (Archivematica,
/// Preservica) identifies files by and plans their migration on.
///
/// The rules are those of the registry's byte signatures (DROID signature file v109, as `fido` ships it), reduced
/// to what Conservator already reads of a file: its container signature, the first JPEG segment, the PNG chunk
/// names, and the EXIF version tag. A file whose EXIF version is recorded but whose EXIF block lies beyond the
/// first and last 128 KB is identified by its EXIF version here; `fido`, which reads only those windows, says
/// plain TIFF (`fmt/353`) for such a file.
///
/// ```swift
/// let puid = file.withBytes { PRONOMFormat.puid(of: $0, format: .jpeg, exifVersion: metadata.tag("ExifIFD:ExifVersion")?.value) }
/// // "fmt/645" for a camera JPEG with EXIF 2.21, "fmt/44" for a JFIF 1.02 file
/// ```
public enum PRONOMFormat {
    /// The PUID of `bytes`, a whole file that ``ImageFormat/sniff(_:)`` called `format`; `exifVersion` is the
    /// `ExifIFD:ExifVersion` value read from it (`"0221"`), if any. `nil` for BigTIFF, which the registry has
    /// no signature for.
    public static func puid(of bytes: UnsafeRawBufferPointer, format: ImageFormat, exifVersion: String?) -> String? {
        let file = ByteView(bytes)
        switch format {
        case .tiff: return tiff(file, exifVersion: exifVersion)
        case .png: return png(file)
        case .jpeg: return jpeg(file, exifVersion: exifVersion)
        }
    }

    /// `puid(of:format:exifVersion:)` with the EXIF version taken from `metadata`.
    public static func puid(of bytes: UnsafeRawBufferPointer, format: ImageFormat, metadata: ImageMetadata?) -> String? {
        puid(of: bytes, format: format, exifVersion: metadata?.tag("ExifIFD:ExifVersion")?.value)
    }

    /// Classic TIFF (`II*\0`, `MM\0*`); with an EXIF IFD, "Exchangeable Image File Format (Uncompressed)" of its
    /// version, which the registry ranks above plain TIFF.
    private static func tiff(_ file: ByteView, exifVersion: String?) -> String? {
        guard file.matches([0x49, 0x49, 0x2A, 0x00]) || file.matches([0x4D, 0x4D, 0x00, 0x2A]) else { return nil }
        switch exifVersion {
        case "0200": return "x-fmt/399"
        case "0210": return "x-fmt/388"
        case "0220": return "x-fmt/387"
        default: return "fmt/353"
        }
    }

    /// PNG 1.2 when an `iTXt` chunk is present (added in 1.2), 1.1 with `iCCP`, `sPLT` or `sRGB` (added in 1.1),
    /// else 1.0. Only chunk names are read, walking chunk by chunk to `IEND`.
    private static func png(_ file: ByteView) -> String {
        var offset = 8
        var names: Set<String> = []
        while let length = file.u32(offset), let name = file.slice(offset + 4, 4) {
            let text = String(decoding: name, as: UTF8.self)
            names.insert(text)
            if text == "IEND" { break }
            offset += 12 + Int(length)
        }
        if names.contains("iTXt") { return "fmt/13" }
        if !names.isDisjoint(with: ["iCCP", "sPLT", "sRGB"]) { return "fmt/12" }
        return "fmt/11"
    }

    /// By the first segment after the start-of-image marker: JFIF (APP0) of its version, EXIF (APP1) of its
    /// version, otherwise a raw JPEG stream.
    private static func jpeg(_ file: ByteView, exifVersion: String?) -> String {
        if file.matches([0xFF, 0xD8, 0xFF, 0xE0]), file.matches(Array("JFIF\0".utf8), at: 6), file.u8(11) == 1 {
            switch file.u8(12) {
            case 0: return "fmt/42"
            case 1: return "fmt/43"
            case 2: return "fmt/44"
            default: break
            }
        }
        if file.matches([0xFF, 0xD8, 0xFF, 0xE1]), file.matches(Array("Exif\0\0".utf8), at: 6), let exifVersion {
            switch exifVersion {
            case "0200": return "x-fmt/398"
            case "0210": return "x-fmt/390"
            case "0220": return "x-fmt/391"
            case "0221": return "fmt/645"
            case let version where version.hasPrefix("023") && version.count == 4: return "fmt/1507"
            default: break
            }
        }
        return "fmt/41"
    }
}
