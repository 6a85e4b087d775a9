import Foundation

/// Resize (opsets 13–21) of the two spatial axes: nearest (round_prefer_floor, round_prefer_ceil,
/// floor, ceil) and linear, with half_pixel, pytorch_half_pixel, asymmetric and align_corners
/// coordinates; scales or sizes. Upsample (the pre-opset-10 name) is Resize with asymmetric
/// coordinates and floor rounding, as it was defined.
struct Resize: Operator, OperatorKernel {
    enum Mode: String, Sendable { case nearest, linear }
    enum Coordinates: String, Sendable {
        case halfPixel = "half_pixel", pytorchHalfPixel = "pytorch_half_pixel", asymmetric, alignCorners = "align_corners"
    }
    enum Rounding: String, Sendable {
        case roundPreferFloor = "round_prefer_floor", roundPreferCeil = "round_prefer_ceil", floor, ceil
    }

    let mode: Mode
    let coordinates: Coordinates
    let rounding: Rounding
    /// Input holding the scales: 2 for Resize (after roi), 1 for Upsample.
    let scalesInput: Int

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        let modeName = try attributes.string("mode", default: "nearest")
        guard let mode = Mode(rawValue: modeName) else {
            throw .unsupportedAttribute(.pending, attribute: "mode", reason: "\(modeName) (nearest and linear are supported)")
        }
        if node.opType == "Upsample" {
            try attributes.require(only: ["mode"])
            return Resize(mode: mode, coordinates: .asymmetric, rounding: .floor, scalesInput: 1)
        }
        try attributes.require(only: ["antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a",
                                      "exclude_outside", "extrapolation_value", "keep_aspect_ratio_policy", "mode", "nearest_mode"])
        let coordinateName = try attributes.string("coordinate_transformation_mode", default: "half_pixel")
        guard let coordinates = Coordinates(rawValue: coordinateName) else {
            throw .unsupportedAttribute(.pending, attribute: "coordinate_transformation_mode", reason: coordinateName)
        }
        let roundingName = try attributes.string("nearest_mode", default: "round_prefer_floor")
        guard let rounding = Rounding(rawValue: roundingName) else {
            throw .unsupportedAttribute(.pending, attribute: "nearest_mode", reason: roundingName)
        }
        guard try attributes.int("antialias", default: 0) == 0, try attributes.int("exclude_outside", default: 0) == 0,
              try attributes.string("keep_aspect_ratio_policy", default: "stretch") == "stretch",
              try attributes.ints("axes") == nil else {
            throw .unsupportedAttribute(.pending, attribute: "antialias/exclude_outside/keep_aspect_ratio_policy/axes",
                                        reason: "only the defaults are supported")
        }
        return Resize(mode: mode, coordinates: coordinates, rounding: rounding, scalesInput: 2)
    }

    /// Output size and the scale used in the coordinate transform, per spatial axis.
    private func geometry(_ inputs: [ValueInfo]) throws(InferenceError) -> (output: [Int], scales: [Double]) {
        let shape = inputs[0].shape
        guard shape.count == 4 else { throw .invalidNode(.pending, reason: "input \(shape) is not NCHW") }
        let scales = try ValueInfo.floats(inputs, scalesInput, name: "scales") ?? []
        let sizes = scalesInput == 2 ? try ValueInfo.integers(inputs, 3, name: "sizes") ?? [] : []
        let (output, spatial): ([Int], [Double])
        if scales.count == 4 {
            spatial = scales[2...].map { Double($0) }
            output = (0..<2).map { Int((Double(shape[$0 + 2]) * spatial[$0]).rounded(.down)) }
            guard scales[0] == 1, scales[1] == 1 else { throw unsupportedAxes }
        } else if sizes.count == 4 {
            guard sizes[0] == shape[0], sizes[1] == shape[1] else { throw unsupportedAxes }
            output = Array(sizes[2...])
            spatial = (0..<2).map { Double(output[$0]) / Double(shape[$0 + 2]) }
        } else {
            throw .invalidNode(.pending, reason: "scales or sizes with 4 values are required")
        }
        guard output.allSatisfy({ $0 > 0 }) else { throw .invalidNode(.pending, reason: "output size \(output) is empty") }
        return (output, spatial)
    }

    private var unsupportedAxes: InferenceError {
        .unsupportedAttribute(.pending, attribute: "scales", reason: "only the two spatial axes (H, W) can be resized")
    }

    /// Linear reads the next pixel; nearest rounds to at most one pixel away.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .halo(1) }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        [ValueInfo(shape: Array(inputs[0].shape[..<2]) + (try geometry(inputs).output))]
    }

    /// Where output index `index` reads in an input axis of `size`.
    private func source(_ index: Int, size: Int, output: Int, scale: Double) -> Double {
        let position = Double(index)
        switch coordinates {
        case .halfPixel: return (position + 0.5) / scale - 0.5
        case .pytorchHalfPixel: return output > 1 ? (position + 0.5) / scale - 0.5 : 0
        case .asymmetric: return position / scale
        case .alignCorners: return output > 1 ? position * Double(size - 1) / Double(output - 1) : 0
        }
    }

    /// For each output index along an axis: two input indices and the weight of the second.
    private func taps(size: Int, output: Int, scale: Double) -> [(Int, Int, Float)] {
        (0..<output).map { index in
            let position = source(index, size: size, output: output, scale: scale)
            switch mode {
            case .nearest:
                let rounded: Double = switch rounding {
                case .roundPreferFloor: position == position.rounded(.down) + 0.5 ? position.rounded(.down) : position.rounded()
                case .roundPreferCeil: position.rounded()
                case .floor: position.rounded(.down)
                case .ceil: position.rounded(.up)
                }
                let clamped = min(max(Int(rounded), 0), size - 1)
                return (clamped, clamped, 0)
            case .linear:
                let clamped = min(max(position, 0), Double(size - 1))
                let low = Int(clamped.rounded(.down))
                return (low, min(low + 1, size - 1), Float(clamped - Double(low)))
            }
        }
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        let x = inputs[0]!
        let (output, scales) = try geometry(ValueInfo.of(inputs))
        let height = x.shape[2], width = x.shape[3]
        let y = context.allocate(Array(x.shape[..<2]) + output)
        let rows = taps(size: height, output: output[0], scale: scales[0])
        let columns = taps(size: width, output: output[1], scale: scales[1])
        let outputWidth = output[1], outputPlane = output[0] * output[1]
        Parallel.forEach(x.shape[0] * x.shape[1], threads: context.threads) { plane in
            let source = x.floats + plane * height * width
            let destination = y.floats + plane * outputPlane
            for (oy, (top, bottom, rowWeight)) in rows.enumerated() {
                let out = destination + oy * outputWidth
                if mode == .nearest {
                    // Upscaling repeats rows: copy the previous output row when it reads the same input row.
                    if oy > 0 && rows[oy - 1].0 == top {
                        out.update(from: out - outputWidth, count: outputWidth)
                    } else {
                        let row = source + top * width
                        for (ox, (left, _, _)) in columns.enumerated() { out[ox] = row[left] }
                    }
                    continue
                }
                let upper = source + top * width, lower = source + bottom * width
                for (ox, (left, right, columnWeight)) in columns.enumerated() {
                    let a = upper[left] + (upper[right] - upper[left]) * columnWeight
                    let b = lower[left] + (lower[right] - lower[left]) * columnWeight
                    out[ox] = a + (b - a) * rowWeight
                }
            }
        }
        return [y]
    }
}
