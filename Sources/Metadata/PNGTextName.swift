/// ExifTool's names for PNG text keywords, so that `PNG:` rows read as ExifTool prints them.
enum PNGTextName {
    /// Keywords that ExifTool's PNG TextualData table renames.
    private static let renamed = [
        "Creation Time": "CreationTime", "Warning": "PNGWarning", "create-date": "CreateDate",
        "modify-date": "ModDate",
    ]

    /// ExifTool's tag name for `keyword`: its own name where the table has one, otherwise the keyword
    /// without characters other than letters, digits, `-` and `_`, capitalized (ExifTool's `MakeTagName`).
    static func name(of keyword: String) -> String {
        if let name = renamed[keyword] { return name }
        var name = String(keyword.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        name = name.prefix(1).uppercased() + name.dropFirst()
        return name.count < 2 ? "Tag" + name : name
    }

    /// ExifTool's `StandardLangCase`: `fr-fr` → `fr-FR` (a two-letter second subtag in capitals), anything
    /// else lowercased.
    static func standardLanguage(_ language: String) -> String {
        let parts = language.split(separator: "-", omittingEmptySubsequences: false)
        let letters = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isLetter } }
        guard parts.count >= 2, letters(parts[0]), letters(parts[1]), parts[1].count == 2,
              (2...3).contains(parts[0].count) || ["x", "i"].contains(parts[0].lowercased()) else {
            return language.lowercased()
        }
        return ([parts[0].lowercased(), parts[1].uppercased()] + parts.dropFirst(2).map { $0.lowercased() })
            .joined(separator: "-")
    }
}
