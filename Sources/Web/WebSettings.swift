import Foundation
import Pipeline

/// How `conservator serve` runs: where it listens, how long a sign-in lasts, and which folders it may
/// read files from.
public struct WebSettings: Sendable {
    /// The address to listen on (`127.0.0.1`: this machine only).
    public var host: String
    public var port: Int
    /// How long a session lasts after sign-in.
    public var sessionLifetime: Duration
    /// The only folders files are served from: the derivatives root and the folders originals are kept
    /// in. A path the catalog records outside them (or a link that leads outside) is never served.
    public var fileRoots: [String]
    /// Mark cookies `Secure` (the browser sends them over HTTPS only): set when a TLS proxy is in front.
    public var secureCookies: Bool
    /// The folder of page templates (`templates/*.mustache`) and static files (`static/`).
    public var assets: URL
    /// Failed sign-ins allowed per user name within ``signInWindow`` before further attempts are refused.
    public var signInFailures: Int
    public var signInWindow: Duration
    /// How curators' corrections re-run a run's pipeline (its runner, with the derivatives folder, and where
    /// pipelines and models are); nil: this server cannot re-run, and a correction is answered 503.
    public var correction: RunCorrection?

    public init(host: String = "127.0.0.1", port: Int = 8080, sessionLifetime: Duration = .seconds(8 * 3600),
                fileRoots: [String], secureCookies: Bool = false, assets: URL,
                signInFailures: Int = 5, signInWindow: Duration = .seconds(15 * 60), correction: RunCorrection? = nil) {
        self.host = host
        self.port = port
        self.sessionLifetime = sessionLifetime
        self.fileRoots = fileRoots
        self.secureCookies = secureCookies
        self.assets = assets
        self.signInFailures = signInFailures
        self.signInWindow = signInWindow
        self.correction = correction
    }
}
