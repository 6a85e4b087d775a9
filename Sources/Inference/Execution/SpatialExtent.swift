/// How far an operator looks around an output pixel, in pixels of its (first, NCHW) input. Tiled
/// execution adds these up along the graph to find the overlap tiles need.
enum SpatialExtent: Sendable, Equatable {
    /// Each output pixel depends on the same input pixel only (activations, channel concat, ...).
    case pointwise
    /// Each output pixel depends on input pixels up to this many pixels away on any side.
    case halo(Int)
    /// An output pixel may depend on every input pixel (global pooling, normalisation statistics,
    /// reshapes): a model containing one is never tiled.
    case global
}

extension Operator {
    /// The extent, given the step's constant inputs (nil for run-time ones). Unless an operator says
    /// otherwise it is global: a new operator can never make tiles differ from the whole image by accident.
    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent { .global }
}
