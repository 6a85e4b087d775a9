/// A parameter's value, as a pipeline file gives it and a step records it.
public enum ParameterValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case integer(Int)
    case flag(Bool)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): String(value)
        case .integer(let value): String(value)
        case .flag(let value): String(value)
        case .text(let value): value
        }
    }

    /// The value as a number (an integer counts).
    public var number: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .flag(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
