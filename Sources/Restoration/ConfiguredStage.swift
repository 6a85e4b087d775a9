/// A stage with its effective parameters, as a validated pipeline lists it, ready to be made.
public struct ConfiguredStage: Sendable {
    public let type: any Stage.Type
    public let parameters: StageParameters

    public init(type: any Stage.Type, parameters: StageParameters) {
        self.type = type
        self.parameters = parameters
    }

    public var descriptor: StageDescriptor { type.descriptor }
}
