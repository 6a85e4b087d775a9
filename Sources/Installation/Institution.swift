/// The museum or archive that runs this installation, as its configuration names it (`institution:` in
/// `conservator.yaml`): the organization exports name as custodian and as an agent, in PREMIS, PROV, METS
/// and the bag's `bag-info.txt`.
public struct Institution: Sendable, Equatable, Codable {
    /// The institution's name, as it signs its records ("Stadtmuseum Beispielstadt").
    public var name: String
    /// Its identifier: an ISIL (ISO 15511, "DE-MUS-123456") where it has one, or another identifier it uses.
    public var identifier: String?
    /// The URI of the rights statement its exports are published under
    /// ("http://rightsstatements.org/vocab/InC/1.0/").
    public var rightsStatement: String?

    public init(name: String, identifier: String? = nil, rightsStatement: String? = nil) {
        self.name = name
        self.identifier = identifier
        self.rightsStatement = rightsStatement
    }
}
