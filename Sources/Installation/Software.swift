/// Conservator itself: the name, release version and source commit that provenance records for every
/// event and run it executes, so a record names the exact code that ran.
public enum Software {
    public static let name = "Conservator"
    /// The release version, bumped with each tagged release.
    public static let version = "0.1.0"
    /// The git commit the build was made from, stamped at build time (`Plugins/SourceCommitStamp`); empty
    /// for a build outside a git checkout (a tarball).
    public static let commit = BuildStamp.commit
}
