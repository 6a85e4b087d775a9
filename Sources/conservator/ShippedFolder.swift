import Catalog

/// The `Pipelines/` and `Models/` folders a command uses when none is given: found beside the installed
/// binary or in the build tree (see ``InstalledFolder``), else the name relative to the current folder.
enum ShippedFolder {
    static func pipelines(_ given: String?) -> String {
        given ?? InstalledFolder.locate("Pipelines", override: "CONSERVATOR_PIPELINES").folder?.path ?? "Pipelines"
    }

    static func models(_ given: String?) -> String {
        given ?? InstalledFolder.locate("Models", override: "CONSERVATOR_MODELS").folder?.path ?? "Models"
    }
}
