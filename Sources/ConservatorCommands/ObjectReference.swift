import ArgumentParser
import Catalog

/// The object a command is about, as curators name it, and whether to answer in JSON (`show`, `history`).
struct ObjectReference: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A numeric object id, a SHA-256 (or a prefix of 8+ hex digits), or a path it was ingested from.",
        valueName: "id|sha256|path"))
    var reference: String

    @Flag(help: "Print as JSON.")
    var json = false

    /// The catalog id of the object named; exits 66 when nothing matches.
    func id(in catalog: Catalog) throws -> Int64 {
        try ExitStatus.guarding { try catalog.resolve(reference).id ?? 0 }
    }
}
