import Raster
import Restoration
import Testing

/// Masks painted by people: light color marks, alpha does not.
@Suite struct DamageMaskTests {
    @Test func grayMarksFromHalfTheMaximumUp() {
        let image = RasterImage(width: 4, height: 1, channels: 1, bitDepth: 8, samples: .uint8([0, 127, 128, 255]))
        #expect(DamageMask(painted: image).values == [0, 0, 1, 1])
    }

    @Test func anyLightColorChannelMarksAndAlphaIsIgnored() {
        // RGBA, 16-bit: red only; opaque black; transparent white; black with full alpha only.
        let samples: [UInt16] = [65535, 0, 0, 65535, 0, 0, 0, 65535, 65535, 65535, 65535, 0, 0, 0, 0, 65535]
        let image = RasterImage(width: 4, height: 1, channels: 4, bitDepth: 16, samples: .uint16(samples))
        #expect(DamageMask(painted: image).values == [1, 0, 1, 0])
    }

    @Test func aOneBitMaskMarksItsSetPixels() {
        let image = RasterImage(width: 3, height: 1, channels: 1, bitDepth: 1, samples: .uint8([1, 0, 1]))
        #expect(DamageMask(painted: image).values == [1, 0, 1])
    }
}
