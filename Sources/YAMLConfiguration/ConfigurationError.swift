/// Why a configuration file (`conservator.yaml`, a pipeline) was refused: the file, the place in it, and
/// what would have been allowed.
///
/// The description reads like a compiler's, `FILE:LINE:COLUMN: message`, so that editors can jump to it:
/// `conservator.yaml:12:5: unknown key 'recursve' in a folder; allowed: path, pipeline, recursive, ...`.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration file.
    public var file: String
    /// 1-based line, or 0 when the problem is the file as a whole.
    public var line: Int
    /// 1-based column, or 0 when the problem is the file as a whole.
    public var column: Int
    /// What is wrong, with the allowed values where there is a fixed set.
    public var message: String

    /// Makes an error at a place in `file`.
    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}
