/// The receptive field of a planned model, for tiling: how many input pixels around a pixel can
/// change an output pixel (the overlap tiles need), and the total downsampling factor (tile origins
/// are multiples of it, so every pooling grid lines up with the whole image's).
struct ReceptiveField {
    /// Input pixels on each side that can influence an output pixel; nil when the model is not
    /// fully convolutional (an operator with a global extent).
    let radius: Int?
    /// The largest number of input pixels one pixel of any intermediate value stands for.
    let downsampling: Int

    init(plan: ExecutionPlan) {
        // Per run-time value: radius so far and input pixels per value pixel.
        var radius: [Int: Double] = [:], jump: [Int: Double] = [:]
        for slot in plan.inputSlots.values {
            radius[slot] = 0
            jump[slot] = 1
        }
        var global = false, largestJump = 1.0
        for step in plan.steps {
            let spatial = step.inputs.compactMap { $0 }.filter { radius[$0] != nil && plan.shapes[$0]?.count == 4 }
            guard let first = spatial.first, let inputShape = plan.shapes[first] else { continue }
            let inputRadius = spatial.map { radius[$0]! }.max()!, inputJump = jump[first]!
            let extent: Double
            switch step.op.spatialExtent(step.inputs.map { $0.flatMap { plan.constants[$0] } }) {
            case .pointwise: extent = 0
            case .halo(let pixels): extent = Double(pixels)
            case .global:
                global = true
                extent = 0
            }
            for slot in step.outputs {
                guard let shape = plan.shapes[slot], shape.count == 4, shape[2] > 0, shape[3] > 0 else { continue }
                // The output grid's pixel size follows from the sizes: H_in / H_out input pixels each.
                let scale = max(Double(inputShape[2]) / Double(shape[2]), Double(inputShape[3]) / Double(shape[3]))
                radius[slot] = inputRadius + extent * inputJump
                jump[slot] = inputJump * scale
                largestJump = max(largestJump, inputJump * scale)
            }
        }
        let outputRadius = plan.outputSlots.values.compactMap { radius[$0] }.max() ?? 0
        self.radius = global ? nil : Int(outputRadius.rounded(.up))
        downsampling = Int(largestJump.rounded(.up))
    }
}
