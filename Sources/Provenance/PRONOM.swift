/// How the exports name The National Archives' format registry and link its entries, in one place for PREMIS
/// and METS.
enum PRONOM {
    /// The registry's name as preservation systems (Archivematica, Preservica) expect it in `formatRegistryName`.
    static let registryName = "PRONOM"

    /// The registry's page of `puid` (`fmt/353`).
    static func address(of puid: String) -> String { "https://www.nationalarchives.gov.uk/PRONOM/\(puid)" }
}
