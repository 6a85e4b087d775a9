/// Telea's fast-marching inpainting (A. Telea, "An Image Inpainting Technique Based on the Fast Marching
/// Method", Journal of Graphics Tools 9(1), 2004; OpenCV's `INPAINT_TELEA`): the hole is filled from its
/// edge inwards, in the order of each pixel's distance `T` from the edge (the fast marching method), and
/// each pixel becomes a weighted mean of the known (or already filled) pixels `q` within `radius`. The
/// weights favour neighbours along the direction of the march (`dir`), near ones (`dst`) and ones on the
/// same distance contour (`lev`), so edges running into the hole are carried on into it. Classical:
/// nothing is learned from data.
///
/// This follows OpenCV, whose fill inpaint-unet@3 was trained to correct (its prefill; issue 16). The
/// paper's first-order estimate `I(q) + ∇I(q)·(p − q)` in place of `I(q)` continues a linear ramp exactly,
/// but it extrapolates gradients of pixels it has just filled, and on held-out photographs it was 5 dB
/// worse than OpenCV inside holes wider than 8 px (`training/telea_parity.py --radius 5`: 14.9 vs 20.3 dB);
/// OpenCV keeps only a gradient term normalised to at most √2 of 255 grey levels, left out here. Other
/// departures: each region is filled on its own, with the rest of the mask excluded from its sources, and
/// `T` outside the hole is 0 rather than a negative distance, which only changes `∇T` on the hole's first
/// ring.
///
/// Work is confined to one region's bounding box grown by `radius + 1`, so a 24-megapixel scan with a few
/// thousand specks costs the specks' boxes, not the scan.
struct TeleaInpainting {
    /// Pixels within this distance of a hole pixel are its sources.
    var radius: Int

    fileprivate enum State: UInt8 {
        /// A pixel of the photograph, or one this fill has already set.
        case known
        /// Filled, on the marching front.
        case band
        /// Still to fill.
        case inside
        /// Marked in the mask but not part of this region: neither filled now nor a source.
        case excluded
    }

    /// Fills `region`'s pixels in `planes` (each `width × height`); pixels of `mask` outside the region are
    /// neither read nor written, and nothing outside the region changes.
    func fill(_ region: MaskRegion, mask: DamageMask, planes: inout [[Float]]) {
        let margin = radius + 1
        let (width, height) = (mask.width, mask.height)
        let x0 = max(region.minX - margin, 0), y0 = max(region.minY - margin, 0)
        let x1 = min(region.maxX + margin, width - 1), y1 = min(region.maxY + margin, height - 1)
        let (w, h) = (x1 - x0 + 1, y1 - y0 + 1)
        var window = Window(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w where mask.values[(y + y0) * width + x + x0] == 1 {
                window.state[y * w + x] = .excluded
            }
        }
        for pixel in region.pixels {
            let local = (pixel / width - y0) * w + pixel % width - x0
            window.state[local] = .inside
            window.distance[local] = .infinity
        }
        var values: [[Float]] = planes.map { plane in
            var copy: [Float] = []
            copy.reserveCapacity(w * h)
            for y in y0...y1 { copy.append(contentsOf: plane[y * width + x0...y * width + x1]) }
            return copy
        }
        var front = DistanceHeap()
        // the front starts on the known pixels that touch the hole
        for index in 0..<w * h where window.state[index] == .known
            && window.neighbours(of: index).contains(where: { window.state[$0] == .inside }) {
            window.state[index] = .band
            front.push(0, index)
        }
        while let (_, index) = front.pop() {
            window.state[index] = .known
            for neighbour in window.neighbours(of: index) where window.state[neighbour] == .inside {
                window.distance[neighbour] = window.arrival(at: neighbour)
                fill(neighbour, in: &values, window)
                window.state[neighbour] = .band
                front.push(window.distance[neighbour], neighbour)
            }
        }
        for pixel in region.pixels {
            let local = (pixel / width - y0) * w + pixel % width - x0
            for plane in planes.indices { planes[plane][pixel] = min(max(values[plane][local], 0), 1) }
        }
    }

    /// Sets pixel `index` of every plane to the weighted mean of the sources around it (the weights depend
    /// only on geometry and `T`, so they are found once for all planes).
    private func fill(_ index: Int, in values: inout [[Float]], _ window: Window) {
        let (x, y) = (index % window.width, index / window.width)
        let gradientT = window.gradient(of: window.distance, at: index, where: window.isSource)
        var sources: [(index: Int, weight: Float)] = []
        for sy in max(y - radius, 0)...min(y + radius, window.height - 1) {
            for sx in max(x - radius, 0)...min(x + radius, window.width - 1) {
                let source = sy * window.width + sx
                let (rx, ry) = (Float(x - sx), Float(y - sy))
                let squared = rx * rx + ry * ry
                guard source != index, window.isSource(source), squared <= Float(radius * radius) else { continue }
                let direction = max(abs(rx * gradientT.x + ry * gradientT.y) / squared.squareRoot(), 1e-6)
                let level = 1 / (1 + abs(window.distance[source] - window.distance[index]))
                sources.append((source, direction * level / squared))
            }
        }
        let weights = sources.reduce(Float(0)) { $0 + $1.weight }
        guard weights > 0 else { return }
        for plane in values.indices {
            var sum: Float = 0
            for source in sources { sum += source.weight * values[plane][source.index] }
            values[plane][index] = sum / weights
        }
    }
}

extension TeleaInpainting {
    /// The region's box: each pixel's state and its distance `T` from the hole's edge.
    fileprivate struct Window {
        let width: Int
        let height: Int
        var state: [State]
        var distance: [Float]

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            state = [State](repeating: .known, count: width * height)
            distance = [Float](repeating: 0, count: width * height)
        }

        func isSource(_ index: Int) -> Bool { state[index] == .known || state[index] == .band }

        /// The 4-neighbours inside the window.
        func neighbours(of index: Int) -> [Int] {
            let (x, y) = (index % width, index / width)
            var result: [Int] = []
            if x > 0 { result.append(index - 1) }
            if x < width - 1 { result.append(index + 1) }
            if y > 0 { result.append(index - width) }
            if y < height - 1 { result.append(index + width) }
            return result
        }

        /// `T` at `index` from its settled neighbours: the smallest solution of |∇T| = 1 over the four
        /// quadrants (the fast marching update, as OpenCV's `FastMarching_solve`).
        func arrival(at index: Int) -> Float {
            let (x, y) = (index % width, index / width)
            func settled(_ nx: Int, _ ny: Int) -> Float? {
                guard nx >= 0, ny >= 0, nx < width, ny < height else { return nil }
                let neighbour = ny * width + nx
                return isSource(neighbour) ? distance[neighbour] : nil
            }
            var best = Float.infinity
            for (horizontal, vertical) in [(settled(x - 1, y), settled(x, y - 1)), (settled(x + 1, y), settled(x, y - 1)),
                                           (settled(x - 1, y), settled(x, y + 1)), (settled(x + 1, y), settled(x, y + 1))] {
                let solution: Float
                switch (horizontal, vertical) {
                case let (a?, b?):
                    solution = abs(a - b) >= 1 ? 1 + min(a, b) : (a + b + (2 - (a - b) * (a - b)).squareRoot()) / 2
                case let (a?, nil), let (nil, a?): solution = 1 + a
                case (nil, nil): continue
                }
                best = min(best, solution)
            }
            return best
        }

        /// Central differences where both neighbours count, one-sided where one does, 0 where none does.
        func gradient(of values: [Float], at index: Int, where counts: (Int) -> Bool) -> (x: Float, y: Float) {
            let (x, y) = (index % width, index / width)
            func derivative(_ before: Int?, _ after: Int?) -> Float {
                switch (before.flatMap { counts($0) ? $0 : nil }, after.flatMap { counts($0) ? $0 : nil }) {
                case let (b?, a?): (values[a] - values[b]) / 2
                case let (nil, a?): values[a] - values[index]
                case let (b?, nil): values[index] - values[b]
                case (nil, nil): 0
                }
            }
            return (derivative(x > 0 ? index - 1 : nil, x < width - 1 ? index + 1 : nil),
                    derivative(y > 0 ? index - width : nil, y < height - 1 ? index + width : nil))
        }
    }
}
