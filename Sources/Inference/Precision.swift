import CKernels

/// The arithmetic of a model's convolutions. `fp32` is exact to float rounding (parity with ONNX Runtime
/// within 1e-4); `bf16` rounds weights and activations to bfloat16 (8 significant bits) and accumulates
/// in fp32, twice the multiply rate on CPUs with AVX512-BF16, at an error measured per model
/// (docs/INFERENCE.md). Everything else (pooling, resizing, activations, Gemm) stays fp32.
public enum Precision: String, Sendable, CaseIterable, CustomStringConvertible {
    case fp32
    case bf16

    /// Whether this CPU runs the bf16 path; where it does not, a model asked for bf16 loads as fp32.
    public static var bf16Available: Bool { ck_bf16_available() != 0 }

    /// The precision a model asked for `self` runs in on this CPU.
    public var available: Precision { self == .bf16 && !Self.bf16Available ? .fp32 : self }

    public var description: String { rawValue }
}
