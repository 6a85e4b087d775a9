import Catalog
import Fixity
import ImageSource
import Metadata
import Raster

/// One image file a run wrote (derivative, mask, access copy): its name in the run folder, its bytes and
/// the image they encode, so that the sidecar and the catalog describe exactly what is on disk.
struct WrittenFile {
    var name: String
    var bytes: [UInt8]
    var image: RasterImage
    /// How it was encoded.
    var options: EncodeOptions
    var format: ImageFormat { options.format }
    /// The XMP packet embedded in it, if any.
    var xmp: String?

    var sha256: String { ContentHash.sha256(bytes) }

    /// The PRONOM identifier of the bytes written, identified as ingest identifies an original (the EXIF version
    /// a derivative carries over counts).
    var puid: String? {
        bytes.withUnsafeBytes { PRONOMFormat.puid(of: $0, format: format, metadata: try? MetadataReader.read($0, format: format)) }
    }

    var sidecarEntry: ProvenanceSidecar.FileEntry {
        .init(file: name, sha256: sha256, format: format.rawValue, width: image.width, height: image.height,
              channels: image.channels, bitDepth: image.bitDepth, iccProfileCarried: image.iccProfile != nil)
    }

    /// The catalog's object for the file, made from `source`.
    func object(_ kind: StoredObject.Kind, source: Int64) -> StoredObject {
        StoredObject(
            kind: kind, status: .accepted, sha256: sha256, size: Int64(bytes.count), format: format.rawValue,
            mediaType: format.mediaType,
            width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth,
            colorModel: ColorModel(decodedChannels: image.channels).rawValue,
            compression: options.compression, pageCount: 1,
            iccSha256: image.iccProfile.map(ContentHash.sha256), xmpPacket: xmp, sourceObjectId: source,
            pronomPuid: puid)
    }
}
