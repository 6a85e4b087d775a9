/// The operator contract: ONNX `op_type` (domain ai.onnx, opsets 13–21) to the kernel that loads it.
/// docs/INFERENCE.md lists the same table with the attributes each kernel implements.
enum OperatorRegistry {
    static let kernels: [String: any OperatorKernel.Type] = [
        "Conv": Conv.self,
        "ConvTranspose": ConvTranspose.self,
        "Relu": Activation.self, "LeakyRelu": Activation.self, "Sigmoid": Activation.self, "Tanh": Activation.self,
        "Clip": Activation.self, "HardSigmoid": Activation.self, "Elu": Activation.self,
        "Add": Binary.self, "Sub": Binary.self, "Mul": Binary.self, "Div": Binary.self, "PRelu": Binary.self,
        "Concat": Concat.self,
        "Split": Split.self,
        "Slice": Slice.self,
        "MaxPool": Pool.self, "AveragePool": Pool.self, "GlobalAveragePool": Pool.self,
        "Resize": Resize.self, "Upsample": Resize.self,
        "BatchNormalization": BatchNormalization.self,
        "InstanceNormalization": InstanceNormalization.self,
        "Pad": Pad.self,
        "DepthToSpace": DepthToSpace.self, "SpaceToDepth": DepthToSpace.self,
        "Reshape": Reshape.self, "Flatten": Reshape.self, "Squeeze": Reshape.self, "Unsqueeze": Reshape.self,
        "Identity": Reshape.self,
        "Transpose": Transpose.self,
        "Gemm": Gemm.self, "MatMul": Gemm.self,
        "Softmax": Softmax.self,
        "ReduceMean": ReduceMean.self,
        "Constant": Constant.self,
        "Shape": ShapeOf.self,
        "Gather": Gather.self,
        "Cast": Cast.self,
    ]
}
