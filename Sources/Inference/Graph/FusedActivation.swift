import CKernels

/// An element-wise activation applied as a convolution stores its output, instead of as its own pass
/// over memory.
enum FusedActivation: Sendable, Equatable {
    case relu
    case leakyRelu(alpha: Float)
    case clip(low: Float, high: Float)

    var kernelActivation: ck_activation {
        switch self {
        case .relu: ck_activation(kind: CK_ACTIVATION_RELU, alpha: 0, low: 0, high: 0)
        case .leakyRelu(let alpha): ck_activation(kind: CK_ACTIVATION_LEAKY_RELU, alpha: alpha, low: 0, high: 0)
        case .clip(let low, let high): ck_activation(kind: CK_ACTIVATION_CLIP, alpha: 0, low: low, high: high)
        }
    }
}
