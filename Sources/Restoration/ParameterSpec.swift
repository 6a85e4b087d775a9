import Inference

/// One parameter a stage accepts: its name, what values are allowed, and the default.
public struct ParameterSpec: Sendable, Equatable {
    /// The allowed values.
    public enum Kind: Sendable, Equatable {
        /// A real number in the range.
        case number(ClosedRange<Double>)
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
        /// `true` or `false`.
        case flag
        /// One of these words.
        case choice([String])
        /// A model as `name@version`, looked up in the model store.
        case model
        /// The name of an earlier stage in the same chain (whose mask this stage uses), or
        /// ``StageContext/suppliedMask`` for a mask file given with the run.
        case earlierStage
    }

    public var name: String
    public var kind: Kind
    /// The value used when the pipeline does not give one; nil when the parameter is optional and absent.
    public var defaultValue: ParameterValue?
    /// One line for `pipelines show` and the documentation.
    public var summary: String

    public init(_ name: String, _ kind: Kind, default defaultValue: ParameterValue?, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// `precision`, which every stage running a model has: the arithmetic of the model's convolutions
    /// (Inference's ``Precision``). The step records the precision that actually ran, which is fp32 on a
    /// CPU without AVX512-BF16 whatever was asked.
    public static func precision(default value: Precision) -> ParameterSpec {
        ParameterSpec("precision", .choice(Precision.allCases.map(\.rawValue)), default: .text(value.rawValue),
                      "arithmetic of the model: fp32, or bf16 (bfloat16 products, fp32 sums: faster, at the error "
                          + "docs/INFERENCE.md measures); a CPU without AVX512-BF16 runs fp32, and the step records it")
    }

    /// `strength`, which every stage has: 0 keeps the input, 1 takes the stage's output, values between blend.
    public static let strength = ParameterSpec(
        "strength", .number(0...1), default: .number(1),
        "blend of output with input: 0 keeps the input, 1 takes the output")
}
