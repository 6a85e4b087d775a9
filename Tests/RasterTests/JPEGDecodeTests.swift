import Raster
import Testing

/// Baseline, progressive and grayscale JPEGs decode to within JPEG's loss of what was encoded; CMYK is
/// refused by name.
@Suite struct JPEGDecodeTests {
    static let width = 45
    static let height = 29

    struct Mode: Sendable, CustomTestStringConvertible {
        var components: Int
        var progressive: Bool
        var testDescription: String { "\(components == 1 ? "gray" : "color") \(progressive ? "progressive" : "baseline")" }
    }

    @Test(arguments: [1, 3].flatMap { c in [false, true].map { Mode(components: c, progressive: $0) } })
    func decodes(_ mode: Mode) throws {
        let original = smoothSamples(width: Self.width, height: Self.height, channels: mode.components)
        let icc = iccProfile(gray: mode.components == 1)
        let bytes = try encodeJPEG(original, width: Self.width, height: Self.height, components: mode.components,
                                   progressive: mode.progressive, icc: icc)
        let image = try ImageDecoder.decode(bytes)
        #expect(image.width == Self.width && image.height == Self.height)
        #expect(image.channels == mode.components && image.bitDepth == 8)
        #expect(largestDifference(values(image.samples), original.map(Int.init)) <= 6)
        #expect(image.iccProfile == icc)

        let info = try ImageDecoder.validate(bytes)
        #expect(info.compression == (mode.progressive ? "progressive" : "baseline"))
        #expect(info.interlaced == mode.progressive)
        #expect(info.colorModel == (mode.components == 1 ? .gray : .ycbcr))
    }

    @Test func cmykIsRefusedAsUnsupported() throws {
        let original = smoothSamples(width: Self.width, height: Self.height, channels: 4)
        let bytes = try encodeJPEG(original, width: Self.width, height: Self.height, components: 4)
        for error in [decodeError(bytes), Self.validateError(bytes)] {
            guard case .unsupported(let reason)? = error else {
                Issue.record("CMYK gave \(String(describing: error))"); continue
            }
            #expect(reason.contains("CMYK"))
        }
    }

    private static func validateError(_ bytes: [UInt8]) -> RasterError? {
        do {
            _ = try ImageDecoder.validate(bytes)
            return nil
        } catch {
            return error
        }
    }
}
