import Catalog

/// One file copied into an export's payload, with what METS and the report say of it.
struct ExportedFile: Equatable {
    /// What the file is to the collection: the METS `fileGrp` `USE` it is listed under.
    enum Use: String, CaseIterable {
        case original
        case derivative
        case accessCopy = "access copy"
        case mask
        case sidecar = "provenance sidecar"
    }

    /// The path inside the payload (`data/`).
    var relative: String
    var use: Use
    /// The catalog object the file is (an original, derivative or mask); `nil` for an access copy or a
    /// sidecar, which the catalog keeps no object for.
    var objectID: Int64?
    /// The derivative an access copy or sidecar goes with; for a derivative, itself.
    var derivativeID: Int64?
    var sha256: String
    var size: Int64
    var mediaType: String
}
