/// Resizing planes: the downsampled proxies on which global decisions are made (color balance,
/// colorization), and bringing a proxy's result back to full resolution.
enum Resampling {
    /// The area average of `plane` (`width × height`) over a `toWidth × toHeight` grid: each output
    /// value is the mean of the input pixels its cell covers (at least one), so no input pixel is skipped.
    static func area(_ plane: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
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
}
