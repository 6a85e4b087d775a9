/// A declared model input: its name and dimensions (nil for a symbolic or unknown dimension).
public struct ModelInput: Sendable, Equatable {
    public var name: String
    public var dimensions: [Int?]
}
