import Catalog

/// Conservator itself, as the PREMIS agent that executes ingest and fixity events.
public enum SoftwareAgent {
    /// The release version, bumped with each tagged release.
    public static let version = "0.1.0"

    /// The agent record for this build.
    public static var conservator: Agent {
        Agent(type: .software, name: "Conservator", version: version)
    }
}
