/// Bilinear resampling of a plane to another size, one output row at a time (pixel centres aligned,
/// edges clamped: `align_corners = false`), so a caller can resample to a 24 MP grid without holding the
/// result.
struct BilinearSampling {
    private let source: (width: Int, height: Int)
    private let target: (width: Int, height: Int)
    /// Per output column: the two source columns and the weight of the second.
    private let columns: [(x0: Int, x1: Int, weight: Float)]

    init(from source: (width: Int, height: Int), to target: (width: Int, height: Int)) {
        self.source = source
        self.target = target
        let scale = Float(source.width) / Float(target.width)
        columns = (0..<target.width).map { ox in
            let fx = max(0, (Float(ox) + 0.5) * scale - 0.5)
            let x0 = min(Int(fx), source.width - 1)
            return (x0, min(x0 + 1, source.width - 1), fx - Float(x0))
        }
    }

    /// Output row `y` of `plane` (source.width × source.height) into `row` (target.width samples).
    func row(_ y: Int, of plane: [Float], into row: inout [Float]) {
        let fy = max(0, (Float(y) + 0.5) * Float(source.height) / Float(target.height) - 0.5)
        let y0 = min(Int(fy), source.height - 1), y1 = min(y0 + 1, source.height - 1), wy = fy - Float(y0)
        let top = y0 * source.width, bottom = y1 * source.width
        for (ox, column) in columns.enumerated() {
            let upper = plane[top + column.x0] * (1 - column.weight) + plane[top + column.x1] * column.weight
            let lower = plane[bottom + column.x0] * (1 - column.weight) + plane[bottom + column.x1] * column.weight
            row[ox] = upper * (1 - wy) + lower * wy
        }
    }

    /// All of `plane`, resampled: for planes held whole anyway (an alpha channel, the base of a blend).
    func resampled(_ plane: [Float]) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(target.width * target.height)
        var line = [Float](repeating: 0, count: target.width)
        for y in 0..<target.height {
            row(y, of: plane, into: &line)
            result += line
        }
        return result
    }
}
