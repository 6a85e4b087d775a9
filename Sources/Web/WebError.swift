/// What can stop the web interface from starting, each case naming the file or folder and the cause.
public enum WebError: Error, Sendable, CustomStringConvertible {
    /// The templates and static files were not found (`make install` puts them in share/conservator/WebAssets).
    case missingAssets(folder: String)

    public var description: String {
        switch self {
        case let .missingAssets(folder):
            "the web interface's templates are not in \(folder) (set CONSERVATOR_WEB_ASSETS to the WebAssets folder)"
        }
    }
}
