/// `HOST:PORT` as `serve --listen` and the configuration's `serve: listen:` give it (`[::1]:8080` for an
/// IPv6 host).
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    /// `nil` when the text is not `HOST:PORT` with a port from 1 to 65535.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
