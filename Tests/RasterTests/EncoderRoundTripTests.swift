import Foundation
import ImageSource
import Raster
import Testing

/// Images written by ``ImageEncoder`` decode back to the same samples (TIFF, PNG) or to within JPEG's
/// loss, with the ICC profile carried through every format.
@Suite struct EncoderRoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var options: EncodeOptions
        var channels: Int
        var bitDepth: Int
        var testDescription: String { "\(options) \(channels)×\(bitDepth)-bit" }
    }

    static let lossless: [Case] = {
        let formats: [EncodeOptions] = TIFFCompression.allCases.map { .tiff(compression: $0) } + [.png]
        return formats.flatMap { options in
            [1, 2, 3, 4].flatMap { channels in [8, 16].map { Case(options: options, channels: channels, bitDepth: $0) } }
                + [1, 2, 4].map { Case(options: options, channels: 1, bitDepth: $0) }
        }
    }()

    /// A scattered image with a profile that matches its color (libpng checks that).
    static func image(_ c: Case, width: Int = 33, height: Int = 21) -> RasterImage {
        let count = width * height * c.channels
        let stored = scatteredSamples(count: count, maxValue: (1 << c.bitDepth) - 1, seed: c.channels)
        let samples: SampleStorage = c.bitDepth == 16 ? .uint16(stored.map(UInt16.init)) : .uint8(stored.map(UInt8.init))
        return RasterImage(width: width, height: height, channels: c.channels, bitDepth: c.bitDepth, samples: samples,
                           iccProfile: iccProfile(gray: c.channels < 3))
    }

    @Test(arguments: lossless)
    func losslessFormatsAreExact(_ c: Case) throws {
        let original = Self.image(c)
        let bytes = try ImageEncoder.encode(original, as: c.options)
        #expect(ImageFormat.sniff(bytes) == c.options.format)
        #expect(try ImageDecoder.decode(bytes) == original)
        let info = try ImageDecoder.validate(bytes)
        #expect(info.bitDepth == c.bitDepth && info.channels == c.channels && info.iccProfile == original.iccProfile)
    }

    @Test(arguments: [TIFFCompression.lzw, .deflate])
    func tiffCompressionIsRecorded(_ compression: TIFFCompression) throws {
        let bytes = try ImageEncoder.encode(Self.image(Case(options: .png, channels: 3, bitDepth: 16)),
                                            as: .tiff(compression: compression))
        #expect(try ImageDecoder.info(of: bytes).compression == compression.rawValue)
    }

    static let jpegCases: [Case] = [50, 90].flatMap { quality in
        [Case(options: .jpeg(quality: quality), channels: 1, bitDepth: 8),
         Case(options: .jpeg(quality: quality), channels: 3, bitDepth: 8),
         Case(options: .jpeg(quality: quality), channels: 3, bitDepth: 16),
         Case(options: .jpeg(quality: quality), channels: 1, bitDepth: 4)]
    }

    /// JPEG is 8-bit: other depths are rescaled (rounded) before encoding.
    @Test(arguments: jpegCases)
    func jpegIsWithinTolerance(_ c: Case) throws {
        let width = 48, height = 32
        let smooth = smoothSamples(width: width, height: height, channels: c.channels)
        let top = (1 << c.bitDepth) - 1
        let stored = smooth.map { Int($0) * top / 255 }
        let samples: SampleStorage = c.bitDepth == 16 ? .uint16(stored.map(UInt16.init)) : .uint8(stored.map(UInt8.init))
        let icc = iccProfile(gray: c.channels == 1)
        let original = RasterImage(width: width, height: height, channels: c.channels, bitDepth: c.bitDepth,
                                   samples: samples, iccProfile: icc)
        let decoded = try ImageDecoder.decode(try ImageEncoder.encode(original, as: c.options))
        #expect(decoded.bitDepth == 8 && decoded.channels == c.channels && decoded.iccProfile == icc)
        let rescaled = stored.map { ($0 * 255 + top / 2) / top }
        guard case .jpeg(let quality) = c.options else { return }
        #expect(largestDifference(values(decoded.samples), rescaled) <= (quality >= 90 ? 10 : 20), "4-bit steps of 17 are the hardest case")
    }

    @Test func whatAFormatCannotHoldIsRefused() {
        let rgba = Self.image(Case(options: .png, channels: 4, bitDepth: 8))
        let twoBitRGB = RasterImage(width: 2, height: 2, channels: 3, bitDepth: 2, samples: .uint8(Array(repeating: 1, count: 12)))
        let refusals: [(RasterImage, EncodeOptions, String)] = [
            (rgba, .jpeg(quality: 90), "alpha"),
            (twoBitRGB, .png, "gray"),
            (Self.image(Case(options: .png, channels: 3, bitDepth: 8)), .jpeg(quality: 0), "quality"),
        ]
        for (image, options, word) in refusals {
            #expect {
                _ = try ImageEncoder.encode(image, as: options)
            } throws: { error in
                guard case .encodeFailed(let reason) = error as? RasterError else { return false }
                return reason.contains(word)
            }
        }
    }

    @Test func writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("raster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("derivative.tif").path
        let first = Self.image(Case(options: .png, channels: 3, bitDepth: 8))
        let second = Self.image(Case(options: .png, channels: 1, bitDepth: 16))
        try ImageEncoder.write(first, to: path, as: .tiff(compression: .deflate))
        try ImageEncoder.write(second, to: path, as: .tiff(compression: .lzw))
        let file = try MappedFile(path: path)
        #expect(try ImageDecoder.decode(file) == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["derivative.tif"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)

        // A failed write names the cause and leaves nothing behind.
        let missing = folder.appendingPathComponent("no-such-folder/x.png").path
        #expect {
            try ImageEncoder.write(first, to: missing, as: .png)
        } throws: { error in
            guard case .encodeFailed(let reason) = error as? RasterError else { return false }
            return reason.contains("no-such-folder") && reason.contains("No such file")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["derivative.tif"])
    }
}
