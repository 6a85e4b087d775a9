/// Text placed in XML and HTML documents: the XMP written into derivatives, premis.xml, index.html.
public enum XMLText {
    /// `text` as XML or HTML character data or a quoted attribute value; characters XML 1.0 cannot hold become
    /// U+FFFD (a title holding a control character must not make the whole XMP packet unreadable).
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "\r": out += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
