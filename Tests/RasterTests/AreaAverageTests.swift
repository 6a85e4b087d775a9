import Raster
import Testing

@Suite struct AreaAverageTests {
    /// The proxies that restore-color and colorize decide on, and so their derivatives' checksums, depend on
    /// these values bit for bit: this is the loop `Restoration.Resampling.area` ran before it moved here.
    private func reference(_ plane: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
        var result = [Float](repeating: 0, count: toWidth * toHeight)
        for oy in 0..<toHeight {
            let y0 = oy * height / toHeight, y1 = max(y0 + 1, (oy + 1) * height / toHeight)
            for ox in 0..<toWidth {
                let x0 = ox * width / toWidth, x1 = max(x0 + 1, (ox + 1) * width / toWidth)
                var sum: Float = 0
                for y in y0..<y1 { for x in x0..<x1 { sum += plane[y * width + x] } }
                result[oy * toWidth + ox] = sum / Float((y1 - y0) * (x1 - x0))
            }
        }
        return result
    }

    @Test(arguments: [(37, 23, 5, 4), (256, 256, 256, 256), (300, 200, 256, 256), (10, 7, 256, 256), (1, 1, 3, 2),
                      (1000, 3, 7, 3), (97, 89, 13, 11)])
    func planesAverageExactlyAsTheProxiesDid(sizes: (Int, Int, Int, Int)) {
        let (width, height, toWidth, toHeight) = sizes
        var generator = SystemRandomNumberGenerator()
        let plane = (0..<(width * height)).map { _ in Float.random(in: 0...1, using: &generator) }
        let averaged = AreaAverage(sourceWidth: width, sourceHeight: height, width: toWidth, height: toHeight)(plane)
        #expect(averaged == reference(plane, width: width, height: height, toWidth: toWidth, toHeight: toHeight))
    }

    /// Interleaved channels (a thumbnail's source samples) are averaged as separate planes would be.
    @Test func interleavedChannelsAverageAsPlanes() {
        let (width, height) = (7, 5)
        let interleaved = (0..<(width * height * 2)).map { Double($0 % 11) }
        let area = AreaAverage(sourceWidth: width, sourceHeight: height, width: 3, height: 2)
        let averaged = area.average(channels: 2) { pixel, channel in interleaved[pixel * 2 + channel] }
        for channel in 0..<2 {
            let plane = (0..<(width * height)).map { Float(interleaved[$0 * 2 + channel]) }
            let expected = area(plane)
            #expect((0..<6).allSatisfy { abs(averaged[$0 * 2 + channel] - Double(expected[$0])) < 1e-6 })
        }
        let ones = area.average(channels: 1) { _, _ in 1.0 }
        #expect(ones == Array(repeating: 1, count: 6))
    }
}
