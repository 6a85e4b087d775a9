import Inference

/// Runs a fully convolutional model over planes of any size through the core's ``TiledRunner``, so
/// memory for activations is bounded by the tile, not the scan.
///
/// The planes are padded by repeating the edge to the card's size multiple (the U-Nets need height and
/// width divisible by their downsampling), and the output is cropped back.
struct TiledInference {
    let model: StoredModel
    let context: StageContext

    /// `planes` (each `width × height`) in, the model's output planes out.
    func run(_ planes: [[Float]], width: Int, height: Int) throws(RestorationError) -> [[Float]] {
        let multiple = model.card.sizeMultiple
        let paddedWidth = (width + multiple - 1) / multiple * multiple
        let paddedHeight = (height + multiple - 1) / multiple * multiple
        var values = [Float]()
        values.reserveCapacity(planes.count * paddedWidth * paddedHeight)
        for plane in planes {
            for y in 0..<paddedHeight {
                let row = min(y, height - 1) * width
                for x in 0..<paddedWidth { values.append(plane[row + min(x, width - 1)]) }
            }
        }
        let input = Tensor(shape: [1, planes.count, paddedHeight, paddedWidth], values: values)
        let output: Tensor
        do {
            let session = InferenceSession(model: model.network, threads: context.threads)
            output = try TiledRunner(session: session, tileSize: context.tileSize).run(input)
        } catch {
            throw .inference(file: model.network.file, cause: error.description)
        }
        guard output.shape.count == 4, output.shape[2] == paddedHeight, output.shape[3] == paddedWidth else {
            throw .unexpectedOutput(file: model.network.file,
                                    cause: "shape \(output.shape) for an input of \(input.shape)")
        }
        let flat = output.values
        let plane = paddedWidth * paddedHeight
        return (0..<output.shape[1]).map { channel in
            var cropped = [Float](repeating: 0, count: width * height)
            for y in 0..<height {
                for x in 0..<width { cropped[y * width + x] = flat[channel * plane + y * paddedWidth + x] }
            }
            return cropped
        }
    }
}
