/// Why a stage or a model could not be used. Every case names the file (a model, its card) or the stage,
/// and the cause, so that a failed run can be recorded and explained.
public enum RestorationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Models/` has no usable card and ONNX file for a model a stage names.
    case modelNotFound(reference: String, directory: String, available: [String])
    /// A model card is unreadable or lacks a field.
    case invalidCard(file: String, cause: String)
    /// The ONNX file's SHA-256 is not the one its card records: the model was changed or replaced.
    case checksumMismatch(file: String, card: String, expected: String, actual: String)
    /// The inference core could not load or run a model.
    case inference(file: String, cause: String)
    /// A model's output does not follow the I/O convention of its stage.
    case unexpectedOutput(file: String, cause: String)
    /// A stage refused its input or its parameters.
    case refused(stage: String, cause: String)

    public var description: String {
        switch self {
        case let .modelNotFound(reference, directory, available):
            "model \(reference) is not in \(directory) (available: "
                + (available.isEmpty ? "none" : available.joined(separator: ", ")) + ")"
        case let .invalidCard(file, cause): "\(file): invalid model card: \(cause)"
        case let .checksumMismatch(file, card, expected, actual):
            "\(file): SHA-256 is \(actual) but \(card) records \(expected); the model is refused"
        case let .inference(file, cause): "\(file): \(cause)"
        case let .unexpectedOutput(file, cause): "\(file): output does not follow the stage's I/O convention: \(cause)"
        case let .refused(stage, cause): "\(stage): \(cause)"
        }
    }
}
