/// Operators that change only the shape, sharing the input's memory: Reshape, Flatten, Squeeze,
/// Unsqueeze, Identity.
struct Reshape: Operator, OperatorKernel {
    enum Kind: Sendable { case reshape(allowZero: Bool), flatten(axis: Int), squeeze, unsqueeze, identity }

    let kind: Kind

    var outputsMayShareInputs: Bool { true }

    static func load(_ node: NodeDescription) throws(InferenceError) -> any Operator {
        let attributes = node.attributes
        switch node.opType {
        case "Reshape":
            try attributes.require(only: ["allowzero"])
            return Reshape(kind: .reshape(allowZero: try attributes.int("allowzero", default: 0) != 0))
        case "Flatten":
            try attributes.require(only: ["axis"])
            return Reshape(kind: .flatten(axis: try attributes.int("axis", default: 1)))
        case "Squeeze":
            try attributes.require(only: [])
            return Reshape(kind: .squeeze)
        case "Unsqueeze":
            try attributes.require(only: [])
            return Reshape(kind: .unsqueeze)
        default:
            try attributes.require(only: [])
            return Reshape(kind: .identity)
        }
    }

    private func shape(_ inputs: [ValueInfo]) throws(InferenceError) -> [Int] {
        let shape = inputs[0].shape
        switch kind {
        case .identity:
            return shape
        case .flatten(let axis):
            let split = try Shape.axis(axis, rank: shape.count + 1)
            return [shape[..<split].reduce(1, *), shape[split...].reduce(1, *)]
        case .squeeze:
            guard let axes = try ValueInfo.integers(inputs, 1, name: "axes") else { return shape.filter { $0 != 1 } }
            var drop = Set<Int>()
            for axis in axes { drop.insert(try Shape.axis(axis, rank: shape.count)) }
            guard drop.allSatisfy({ shape[$0] == 1 }) else {
                throw .invalidNode(.pending, reason: "cannot squeeze axes \(axes) of shape \(shape)")
            }
            return shape.indices.filter { !drop.contains($0) }.map { shape[$0] }
        case .unsqueeze:
            guard let axes = try ValueInfo.integers(inputs, 1, name: "axes") else {
                throw .missingInitializer(.pending, input: "axes")
            }
            let rank = shape.count + axes.count
            var insert = Set<Int>()
            for axis in axes { insert.insert(try Shape.axis(axis, rank: rank)) }
            var remaining = shape.makeIterator()
            return (0..<rank).map { insert.contains($0) ? 1 : remaining.next() ?? 1 }
        case .reshape(let allowZero):
            guard var target = try ValueInfo.integers(inputs, 1, name: "shape") else {
                throw .missingInitializer(.pending, input: "shape")
            }
            for axis in target.indices where target[axis] == 0 && !allowZero {
                guard axis < shape.count else { throw .invalidNode(.pending, reason: "shape \(target) copies a missing axis") }
                target[axis] = shape[axis]
            }
            let count = shape.reduce(1, *)
            if let inferred = target.firstIndex(of: -1) {
                let known = target.enumerated().filter { $0.offset != inferred }.map(\.element).reduce(1, *)
                guard known > 0, count % known == 0 else {
                    throw .invalidNode(.pending, reason: "cannot reshape \(shape) to \(target)")
                }
                target[inferred] = count / known
            }
            guard target.reduce(1, *) == count, target.allSatisfy({ $0 >= 0 }) else {
                throw .invalidNode(.pending, reason: "cannot reshape \(shape) to \(target)")
            }
            return target
        }
    }

    func spatialExtent(_ constants: [Tensor?]) -> SpatialExtent {
        if case .identity = kind { .pointwise } else { .global }
    }

    func inferOutputs(_ inputs: [ValueInfo]) throws(InferenceError) -> [ValueInfo] {
        let shape = try self.shape(inputs)
        return [ValueInfo(shape: shape, dataType: inputs[0].dataType, constant: inputs[0].constant?.reshaped(shape))]
    }

    func run(_ inputs: [Tensor?], _ context: RunContext) throws(InferenceError) -> [Tensor] {
        [inputs[0]!.reshaped(try shape(ValueInfo.of(inputs)))]
    }
}
