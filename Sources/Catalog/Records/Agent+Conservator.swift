import Installation

extension Agent {
    /// Conservator itself, as the PREMIS agent that executes ingest, fixity and restoration: the version, and
    /// the git commit it was built from as identifier (empty when unknown).
    public static let conservator = Agent(type: .software, name: Software.name, version: Software.version,
                                          identifier: Software.commit)
}
