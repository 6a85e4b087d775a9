import Inference
import Raster

/// The mapping between images and model tensors used by `conservator infer`: an image becomes a
/// 1x3xHxW float32 tensor in [0, 1] (gray replicated to three channels, alpha dropped); a 1- or
/// 3-channel output tensor becomes a gray or RGB image, clamped to [0, 1].
enum TensorImage {
    static func tensor(from image: RasterImage) -> Tensor {
        let (width, height, channels) = (image.width, image.height, image.channels)
        let plane = width * height
        let scale = 1 / Float(image.maxSampleValue)
        let colorChannels = channels >= 3 ? 3 : 1
        var values = [Float](repeating: 0, count: 3 * plane)
        func fill(_ sample: (Int) -> Float) {
            for pixel in 0..<plane {
                for channel in 0..<3 {
                    values[channel * plane + pixel] = sample(pixel * channels + min(channel, colorChannels - 1)) * scale
                }
            }
        }
        switch image.samples {
        case .uint8(let samples): fill { Float(samples[$0]) }
        case .uint16(let samples): fill { Float(samples[$0]) }
        }
        return Tensor(shape: [1, 3, height, width], values: values)
    }

    /// The image for a [1, C, H, W] tensor with C of 1 or 3, at `bitDepth` 8 or 16; nil for other shapes.
    static func image(from tensor: Tensor, bitDepth: Int) -> RasterImage? {
        guard tensor.shape.count == 4, tensor.shape[0] == 1, [1, 3].contains(tensor.shape[1]) else { return nil }
        let (channels, height, width) = (tensor.shape[1], tensor.shape[2], tensor.shape[3])
        let plane = width * height
        let values = tensor.values
        let maximum = Float((1 << bitDepth) - 1)
        func sample(_ index: Int) -> Float {
            let pixel = index / channels, channel = index % channels
            return (min(max(values[channel * plane + pixel], 0), 1) * maximum).rounded()
        }
        let samples: SampleStorage = bitDepth == 16
            ? .uint16((0..<(plane * channels)).map { UInt16(sample($0)) })
            : .uint8((0..<(plane * channels)).map { UInt8(sample($0)) })
        return RasterImage(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples)
    }
}
