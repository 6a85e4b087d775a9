/// The XMP packet as recorded: the text as stored, without the NUL padding some writers append.
enum XMPPacket {
    static func trimmed(_ text: String) -> String {
        var packet = Substring(text)
        while packet.last == "\0" { packet.removeLast() }
        return String(packet)
    }

    static func trimmed(_ bytes: [UInt8]) -> String {
        trimmed(String(decoding: bytes, as: UTF8.self))
    }
}
