import CShims
import Raster
import Testing

/// Every PNG color type and bit depth, with and without Adam7, decodes to exactly the stored samples.
@Suite struct PNGDecodeTests {
    struct Mode: Sendable, CustomTestStringConvertible {
        var colorType: Int32
        var bitDepth: Int
        var interlaced: Bool
        var testDescription: String { "type \(colorType) \(bitDepth)-bit\(interlaced ? " Adam7" : "")" }
    }

    static let modes: [Mode] = {
        let depths: [(Int32, [Int])] = [
            (Int32(CSHIM_PNG_GRAY), [1, 2, 4, 8, 16]), (Int32(CSHIM_PNG_GRAY_ALPHA), [8, 16]),
            (Int32(CSHIM_PNG_RGB), [8, 16]), (Int32(CSHIM_PNG_RGBA), [8, 16]),
            (Int32(CSHIM_PNG_PALETTE), [1, 2, 4, 8]),
        ]
        return depths.flatMap { type, bits in
            bits.flatMap { depth in [false, true].map { Mode(colorType: type, bitDepth: depth, interlaced: $0) } }
        }
    }()

    @Test(arguments: modes)
    func decodesEveryColorTypeAndDepth(_ mode: Mode) throws {
        let fixture = PNGFixture(colorType: mode.colorType, bitDepth: mode.bitDepth, interlaced: mode.interlaced)
        let bytes = try fixture.encode()
        let image = try ImageDecoder.decode(bytes)
        let isPalette = mode.colorType == Int32(CSHIM_PNG_PALETTE)
        let expected = isPalette
            ? fixture.stored.flatMap { index in (0..<3).map { Int(fixture.palette[index * 3 + $0]) } }
            : fixture.stored
        #expect(values(image.samples) == expected)
        #expect(image.channels == (isPalette ? 3 : fixture.channels))
        #expect(image.bitDepth == (isPalette ? 8 : mode.bitDepth))
        if mode.bitDepth == 16 {
            guard case .uint16 = image.samples else { Issue.record("16-bit PNG not decoded to UInt16"); return }
        }
        let info = try ImageDecoder.validate(bytes)
        #expect(info.interlaced == mode.interlaced && info.bitDepth == mode.bitDepth && info.compression == "deflate")
    }

    @Test(arguments: [false, true])
    func paletteTransparencyBecomesAlpha(_ interlaced: Bool) throws {
        var fixture = PNGFixture(colorType: Int32(CSHIM_PNG_PALETTE), bitDepth: 4, interlaced: interlaced)
        fixture.paletteAlpha = [0, 64, 128, 255, 7]  // entries past the fifth are opaque
        let image = try ImageDecoder.decode(try fixture.encode())
        let expected = fixture.stored.flatMap { index in
            (0..<3).map { Int(fixture.palette[index * 3 + $0]) }
                + [index < fixture.paletteAlpha.count ? Int(fixture.paletteAlpha[index]) : 255]
        }
        #expect(image.channels == 4 && image.bitDepth == 8)
        #expect(values(image.samples) == expected)
        #expect(try ImageDecoder.info(of: fixture.encode()).colorModel == .palette)
    }

    /// Low-depth gray with tRNS is expanded to 8 bits (so that alpha has a depth to live in) with the
    /// PNG scaling (v × 255 / max); 8 and 16-bit keep their values.
    @Test(arguments: [1, 2, 4, 8, 16])
    func grayTransparencyBecomesAlpha(_ depth: Int) throws {
        var fixture = PNGFixture(colorType: Int32(CSHIM_PNG_GRAY), bitDepth: depth)
        let transparent = fixture.stored[3]
        fixture.transparentGray = transparent
        let image = try ImageDecoder.decode(try fixture.encode())
        let maxValue = (1 << depth) - 1
        let outMax = depth == 16 ? 65535 : 255
        let expected = fixture.stored.flatMap { v in
            [depth < 8 ? v * 255 / maxValue : v, v == transparent ? 0 : outMax]
        }
        #expect(image.channels == 2 && image.bitDepth == max(depth, 8))
        #expect(values(image.samples) == expected)
    }

    @Test(arguments: [8, 16])
    func rgbTransparencyBecomesAlpha(_ depth: Int) throws {
        var fixture = PNGFixture(colorType: Int32(CSHIM_PNG_RGB), bitDepth: depth)
        let key = (fixture.stored[0], fixture.stored[1], fixture.stored[2])
        fixture.transparentRGB = key
        let image = try ImageDecoder.decode(try fixture.encode())
        let outMax = depth == 16 ? 65535 : 255
        var expected: [Int] = []
        for p in 0..<(fixture.width * fixture.height) {
            let rgb = Array(fixture.stored[(p * 3)..<(p * 3 + 3)])
            expected += rgb + [rgb == [key.0, key.1, key.2] ? 0 : outMax]
        }
        #expect(image.channels == 4 && image.bitDepth == depth)
        #expect(values(image.samples) == expected)
    }

    @Test func iccProfileIsRead() throws {
        var fixture = PNGFixture(colorType: Int32(CSHIM_PNG_RGB), bitDepth: 8)
        fixture.icc = iccProfile(gray: false)
        let bytes = try fixture.encode()
        #expect(try ImageDecoder.decode(bytes).iccProfile == fixture.icc)
        #expect(try ImageDecoder.info(of: bytes).iccProfile == fixture.icc)
    }
}
