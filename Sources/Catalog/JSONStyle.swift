import Foundation

extension JSONEncoder {
    /// The one JSON style of everything Conservator writes: keys sorted and slashes left unescaped, so files
    /// and output diff cleanly; pretty for what people read, compact for catalog columns. `snakeCaseKeys` for
    /// the CLI's `--json` and the export's report, whose names match the catalog's columns (the provenance
    /// sidecar keeps its schema's camelCase).
    public static func conservator(snakeCaseKeys: Bool = false, pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return encoder
    }
}
