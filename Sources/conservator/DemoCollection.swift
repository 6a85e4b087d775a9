import Foundation
import Raster

/// The embedded demo collection: a handful of synthetic "scans" in the formats a digitization team
/// produces (16-bit grey TIFF master, 8-bit RGB TIFF, 16-bit PNG, JPEG access copy), plus the problems
/// ingest must handle (a duplicate, an interrupted transfer, a file with a lying extension).
///
/// The pictures are generated, not shipped, so the repository holds no image of uncertain licence; the
/// generator is deterministic, so every demo run sees the same bytes.
enum DemoCollection {
    /// Writes the collection into `folder` and returns the file names written.
    static func write(into folder: URL) throws -> [String] {
        let plate = landscape(width: 1600, height: 1200, bitDepth: 16, channels: 1, seed: 1923)
        let print = landscape(width: 1200, height: 900, bitDepth: 8, channels: 3, seed: 1958)
        let map = landscape(width: 900, height: 700, bitDepth: 16, channels: 3, seed: 1890)
        let access = landscape(width: 1024, height: 768, bitDepth: 8, channels: 3, seed: 1971)
        let files: [(String, RasterImage, EncodeOptions)] = [
            ("1923-harbour-glass-plate.tif", plate, .tiff(compression: .lzw)),
            ("1958-family-print.tif", print, .tiff(compression: .deflate)),
            ("1890-estate-map.png", map, .png),
            ("1971-street-access-copy.jpg", access, .jpeg(quality: 90)),
        ]
        var written: [String] = []
        for (name, image, options) in files {
            try ImageEncoder.write(image, to: folder.appendingPathComponent(name).path, as: options)
            written.append(name)
        }
        let fm = FileManager.default
        // The same bytes under another name: recorded once, with two paths.
        try fm.copyItem(at: folder.appendingPathComponent("1923-harbour-glass-plate.tif"),
                        to: folder.appendingPathComponent("1923-harbour-glass-plate-copy.tif"))
        // A transfer cut off part-way: quarantined as truncated.
        let whole = try Data(contentsOf: folder.appendingPathComponent("1958-family-print.tif"))
        try whole.prefix(whole.count * 2 / 5).write(to: folder.appendingPathComponent("1958-interrupted-transfer.tif"))
        // Notes saved with an image extension: quarantined as no image.
        try Data("Accession 1958.12: box 4, prints 1-40. Condition: fair.\n".utf8)
            .write(to: folder.appendingPathComponent("box-4-notes.jpg"))
        return written + ["1923-harbour-glass-plate-copy.tif", "1958-interrupted-transfer.tif", "box-4-notes.jpg"]
    }

    /// A sky-over-water picture with horizon, hills, film grain and a vignette, faded like an old print.
    private static func landscape(width: Int, height: Int, bitDepth: Int, channels: Int, seed: UInt64) -> RasterImage {
        var random = SplitMix(seed: seed)
        let horizon = Double(height) * (0.45 + 0.1 * random.unit())
        let hillPhase = random.unit() * 6.28
        let maxValue = Double((1 << bitDepth) - 1)
        let tint = channels == 3 ? [1.0, 0.93, 0.78] : [1.0]  // yellowed paper
        var values = [Double](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                let u = Double(x) / Double(width), v = Double(y) / Double(height)
                let hill = horizon - Double(height) * 0.08 * (1 + sin(u * 9 + hillPhase)) * (0.5 + 0.5 * sin(u * 3.1))
                var light: Double
                if Double(y) < hill {
                    light = 0.85 - 0.35 * v                                  // sky, darker upward
                } else if Double(y) < horizon {
                    light = 0.35 + 0.1 * sin(u * 40)                         // hills
                } else {
                    light = 0.5 + 0.08 * sin(Double(y) * 0.9 + sin(u * 30))  // water ripples
                }
                let dx = u - 0.5, dy = v - 0.5
                light *= 1 - 0.6 * (dx * dx + dy * dy)                      // vignette
                light = 0.12 + 0.76 * light + 0.03 * (random.unit() - 0.5)  // fading and grain
                for c in 0..<channels {
                    values[(y * width + x) * channels + c] = min(1, max(0, light * tint[c]))
                }
            }
        }
        let samples: SampleStorage = bitDepth == 16
            ? .uint16(values.map { UInt16(($0 * maxValue).rounded()) })
            : .uint8(values.map { UInt8(($0 * maxValue).rounded()) })
        return RasterImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples)
    }
}

/// A small, fast, deterministic generator (SplitMix64), so the demo's bytes are the same on every machine.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
