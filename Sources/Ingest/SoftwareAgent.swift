import Catalog

/// Conservator itself, as the PREMIS agent that executes ingest and fixity events.
public enum SoftwareAgent {
    /// The release version, bumped with each tagged release.
    public static let version = "0.1.0"

    /// The agent record for this build: the version, and the git commit it was built from as identifier
    /// (empty when unknown), so provenance names the exact code that ran.
    public static let conservator = Agent(type: .software, name: "Conservator", version: version,
                                          identifier: InstalledFolder.sourceCommit() ?? "")
}
