import Foundation
import Provenance
import Raster
import Testing

/// Thumbnails and mask overlays, on images whose area averages are known.
@Suite struct ThumbnailTests {
    /// 8×4, 16-bit RGB: each 2×2 block averages to R 191 (one black pixel of four), G 60k + 15, B 100j + 25.
    @Test func sixteenBitRGBTIFFIsAveragedToEightBits() throws {
        var samples: [UInt16] = []
        for y in 0..<4 {
            for x in 0..<8 {
                samples += [x % 2 == 0 && y % 2 == 0 ? 0 : 65535, UInt16(257 * x * 30), UInt16(257 * y * 50)]
            }
        }
        let path = try write(RasterImage(width: 8, height: 4, channels: 3, bitDepth: 16, samples: .uint16(samples)),
                             as: .tiff(compression: .none))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let thumbnail = try Thumbnail.image(atPath: path, maxSide: 4)

        #expect(thumbnail.width == 4 && thumbnail.height == 2)
        var expected: [UInt8] = []
        for j in 0..<2 {
            for k in 0..<4 { expected += [191, UInt8(60 * k + 15), UInt8(100 * j + 25)] }
        }
        #expect(try rgb(thumbnail) == expected)
        #expect(thumbnail.dataURI == "data:image/png;base64," + Data(thumbnail.png).base64EncodedString())
    }

    /// 4×4 gray+alpha to 2×2: transparent pixels count as white, the report's page color.
    @Test func grayAlphaPNGIsShownOverWhite() throws {
        let blocks: [[(gray: UInt8, alpha: UInt8)]] = [
            [(100, 255), (100, 255), (100, 255), (100, 255)],  // opaque gray: 100
            [(0, 0), (0, 0), (0, 0), (0, 0)],                  // transparent: white
            [(0, 255), (0, 0), (0, 0), (0, 0)],                // one black of four: 191
            [(0, 255), (40, 255), (80, 255), (120, 255)],      // mean: 60
        ]
        var samples = [UInt8](repeating: 0, count: 4 * 4 * 2)
        for (block, pixels) in blocks.enumerated() {
            for (index, pixel) in pixels.enumerated() {
                let x = block % 2 * 2 + index % 2, y = block / 2 * 2 + index / 2
                samples[(y * 4 + x) * 2] = pixel.gray
                samples[(y * 4 + x) * 2 + 1] = pixel.alpha
            }
        }
        let path = try write(RasterImage(width: 4, height: 4, channels: 2, bitDepth: 8, samples: .uint8(samples)),
                             as: .png)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let thumbnail = try Thumbnail.image(atPath: path, maxSide: 2)

        #expect(thumbnail.width == 2 && thumbnail.height == 2)
        #expect(try rgb(thumbnail) == [100, 255, 191, 60].flatMap { [$0, $0, $0] })
    }

    @Test func lowBitDepthIsScaledAndSmallImagesAreNotEnlarged() throws {
        let path = try write(RasterImage(width: 4, height: 1, channels: 1, bitDepth: 2, samples: .uint8([0, 1, 2, 3])),
                             as: .png)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let thumbnail = try Thumbnail.image(atPath: path, maxSide: 100)

        #expect(thumbnail.width == 4 && thumbnail.height == 1)
        #expect(try rgb(thumbnail) == [0, 85, 170, 255].flatMap { [$0, $0, $0] })
    }

    @Test func longSideIsScaledToMaxSideKeepingTheAspect() throws {
        let image = RasterImage(width: 300, height: 100, channels: 3, bitDepth: 8,
                                samples: .uint8(Array(repeating: 7, count: 300 * 100 * 3)))
        let path = try write(image, as: .png)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let thumbnail = try Thumbnail.image(atPath: path, maxSide: 160)

        #expect(thumbnail.width == 160 && thumbnail.height == 53)
        #expect(try rgb(thumbnail).allSatisfy { $0 == 7 })
    }

    @Test func truncatedOrMissingFileIsUnreadable() throws {
        let image = RasterImage(width: 64, height: 64, channels: 3, bitDepth: 8,
                                samples: .uint8((0..<(64 * 64 * 3)).map { UInt8(truncatingIfNeeded: $0 * 7) }))
        let path = try write(image, as: .png)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))

        for target in [path, path + ".missing"] {
            let error = #expect(throws: ExportError.self) { try Thumbnail.image(atPath: target, maxSide: 16) }
            guard case .unreadableImage(let reported, let cause) = error else { continue }
            #expect(reported == target && !cause.isEmpty)
            #expect(error?.description.contains(target) == true)
        }
    }

    /// Red everywhere, alpha 0.6 × the mask: 0, 255, 100, 50 → 0, 153, 60, 30; a 2×2 block of 0, 255, 255,
    /// 255 averages to 191.25 → 114.75 → 115.
    @Test func maskOverlayIsRedWithSixTenthsOfTheMaskAsAlpha() throws {
        let mask = RasterImage(width: 4, height: 1, channels: 1, bitDepth: 8, samples: .uint8([0, 255, 100, 50]))
        let path = try write(mask, as: .png)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let overlay = try Thumbnail.maskOverlay(atPath: path, maxSide: 4)

        let decoded = try ImageDecoder.decode(overlay.png)
        #expect(decoded.channels == 4 && decoded.bitDepth == 8 && overlay.width == 4 && overlay.height == 1)
        #expect(decoded.samples == .uint8([255, 0, 0, 0, 255, 0, 0, 153, 255, 0, 0, 60, 255, 0, 0, 30]))

        let block = RasterImage(width: 2, height: 2, channels: 1, bitDepth: 8, samples: .uint8([0, 255, 255, 255]))
        let blockPath = try write(block, as: .png)
        defer { try? FileManager.default.removeItem(atPath: blockPath) }
        #expect(try ImageDecoder.decode(try Thumbnail.maskOverlay(atPath: blockPath, maxSide: 1).png).samples
            == .uint8([255, 0, 0, 115]))
    }

    // MARK: Helpers

    private func write(_ image: RasterImage, as options: EncodeOptions) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("thumbnail-\(UUID().uuidString)").path
        try ImageEncoder.write(image, to: path, as: options)
        return path
    }

    /// The thumbnail's PNG decoded, which must be 8-bit RGB.
    private func rgb(_ thumbnail: Thumbnail) throws -> [UInt8] {
        let image = try ImageDecoder.decode(thumbnail.png)
        #expect(image.channels == 3 && image.bitDepth == 8)
        #expect(image.width == thumbnail.width && image.height == thumbnail.height)
        guard case .uint8(let samples) = image.samples else { return [] }
        return samples
    }
}
