import Fixity

/// The ICC colour profile embedded in an original: its exact bytes, their digest, and what the profile
/// calls itself.
public struct ICCProfileInfo: Sendable, Equatable {
    /// The profile as embedded (for JPEG, the APP2 chunks joined in sequence order; for PNG, inflated).
    public var bytes: [UInt8]
    /// SHA-256 of `bytes`, lowercase hex.
    public var sha256: String
    /// The profile's description: the ASCII text of a v2 `desc` (textDescriptionType) tag, or the en-US
    /// (else the first) record of a v4 `desc` (multiLocalizedUnicodeType) tag; `nil` when the profile has
    /// no readable description.
    public var description: String?

    /// Makes the record of `bytes`, computing the digest and reading the description.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.sha256 = ContentHash.sha256(bytes)
        self.description = ICCProfileDescription.read(from: bytes)
    }

    /// Makes a record from parts already known.
    public init(bytes: [UInt8], sha256: String, description: String?) {
        self.bytes = bytes
        self.sha256 = sha256
        self.description = description
    }
}
