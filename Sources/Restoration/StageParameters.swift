/// A stage's effective parameters: every value the pipeline gave, and the defaults for the rest.
/// Validation (module `Pipeline`) has already checked each against its ``ParameterSpec``; the typed
/// accessors therefore fall back to the default only for parameters that have none given.
public struct StageParameters: Sendable, Equatable, Codable {
    /// Name → value, including defaults.
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue]) {
        self.values = values
    }

    /// The given values filled up with `descriptor`'s defaults.
    public init(given: [String: ParameterValue], descriptor: StageDescriptor) {
        var values = given
        for spec in descriptor.parameters where values[spec.name] == nil {
            if let value = spec.defaultValue { values[spec.name] = value }
        }
        self.init(values)
    }

    public func number(_ name: String) -> Double { values[name]?.number ?? 0 }

    public func integer(_ name: String) -> Int {
        switch values[name] {
        case .integer(let value): value
        case .number(let value): Int(value)
        default: 0
        }
    }

    public func flag(_ name: String) -> Bool {
        if case .flag(let value) = values[name] { return value }
        return false
    }

    public func text(_ name: String) -> String? {
        if case .text(let value) = values[name] { return value }
        return nil
    }

    /// The blend of output with input, in [0, 1].
    public var strength: Double { values["strength"]?.number ?? 1 }
}
