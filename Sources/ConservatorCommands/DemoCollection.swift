import Catalog
import Foundation
import Installation
import Raster

/// The demo collection: four photographs (`Samples/`, public domain and CC0, aged and damaged by the training
/// synthesizer; see Samples/NOTICE.md) written in the formats a digitization team produces — a 16-bit grey
/// TIFF master, an 8-bit RGB TIFF, a 16-bit PNG, a JPEG access copy — plus the problems ingest must handle (a
/// duplicate, an interrupted transfer, a file with a lying extension). The bytes are the same on every run.
enum DemoCollection {
    /// Writes the collection into `folder` and returns the file names written.
    static func write(into folder: URL) throws -> [String] {
        let samples = try samplesFolder()
        let files: [(String, String, Int, EncodeOptions)] = [
            ("1923-glass-plate-photographer.tif", "camera-glass-plate.png", 16, .tiff(compression: .lzw)),
            ("1958-coffee-colour-print.tif", "coffee-colour-print.png", 8, .tiff(compression: .deflate)),
            ("1890-cat-cabinet-card.png", "chelsea-cabinet-card.png", 16, .png),
            ("1971-launch-access-copy.jpg", "rocket-launch-print.png", 8, .jpeg(quality: 90)),
        ]
        var written: [String] = []
        for (name, sample, bitDepth, options) in files {
            let bytes = try [UInt8](Data(contentsOf: samples.appendingPathComponent(sample)))
            let image = widened(try ImageDecoder.decode(bytes), to: bitDepth)
            try ImageEncoder.write(image, to: folder.appendingPathComponent(name).path, as: options)
            written.append(name)
        }
        let fm = FileManager.default
        // The same bytes under another name: recorded once, with two paths. Its name sorts after the master's
        // ('_' after '.'), so the daemon records the master first and lists it as the original's path.
        try fm.copyItem(at: folder.appendingPathComponent("1923-glass-plate-photographer.tif"),
                        to: folder.appendingPathComponent("1923-glass-plate-photographer_copy.tif"))
        // A transfer cut off part-way: quarantined as truncated.
        let whole = try Data(contentsOf: folder.appendingPathComponent("1958-coffee-colour-print.tif"))
        try whole.prefix(whole.count * 2 / 5).write(to: folder.appendingPathComponent("1958-interrupted-transfer.tif"))
        // Notes saved with an image extension: quarantined as no image.
        try Data("Accession 1958.12: box 4, prints 1-40. Condition: fair.\n".utf8)
            .write(to: folder.appendingPathComponent("box-4-notes.jpg"))
        return written + ["1923-glass-plate-photographer_copy.tif", "1958-interrupted-transfer.tif", "box-4-notes.jpg"]
    }

    /// The shipped `Samples/` folder (`$CONSERVATOR_SAMPLES`, the installed share folder, or the build tree's).
    private static func samplesFolder() throws -> URL {
        let located = InstalledFolder.locate("Samples", override: "CONSERVATOR_SAMPLES")
        guard let folder = located.folder else {
            throw DemoError.samplesMissing(searched: located.searched)
        }
        return folder
    }

    /// An 8-bit image as 16-bit (each value v becomes v × 257, so 255 stays full scale), or unchanged.
    private static func widened(_ image: RasterImage, to bitDepth: Int) -> RasterImage {
        guard bitDepth == 16, case .uint8(let samples) = image.samples else { return image }
        return RasterImage(width: image.width, height: image.height, channels: image.channels, bitDepth: 16,
                           samples: .uint16(samples.map { UInt16($0) * 257 }), iccProfile: image.iccProfile)
    }
}

/// Why the demo cannot start.
enum DemoError: Error, CustomStringConvertible {
    case samplesMissing(searched: [String])

    var description: String {
        switch self {
        case .samplesMissing(let searched):
            "the demo's sample photographs (Samples/) are not installed; looked in " + searched.joined(separator: ", ")
        }
    }
}
