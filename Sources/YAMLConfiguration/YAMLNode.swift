import Yams

/// A YAML node with the file it came from, read with errors that name the line and column.
///
/// Configuration files (`conservator.yaml`, pipelines) are read from Yams' node tree rather than through
/// `Codable` because a museum's administrator needs to be told exactly where a mistake is and what was
/// allowed, and `DecodingError` knows neither lines nor the allowed keys.
///
/// ```swift
/// let root = try YAMLNode.root(of: text, file: "classical.yaml")
/// let keys = try root.mapping(allowing: ["name", "stages"])
/// let name = try keys["name"]?.text()
/// ```
///
/// Not `Sendable`: Yams' `Node` is not, and a node lives only while one file is read.
public struct YAMLNode {
    public let node: Node
    public let file: String
    /// What this node is, for messages: "a folder", "the quarantine settings".
    public let what: String

    public init(node: Node, file: String, what: String) {
        self.node = node
        self.file = file
        self.what = what
    }

    /// Parses `text` and returns its root node; an empty document is an error.
    public static func root(of text: String, file: String) throws(ConfigurationError) -> YAMLNode {
        let parsed: Node?
        do {
            parsed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw ConfigurationError(file: file, message: "not valid YAML: \(error)")
        }
        guard let parsed else { throw ConfigurationError(file: file, message: "the file is empty") }
        return YAMLNode(node: parsed, file: file, what: "the configuration")
    }

    /// An error located at this node.
    public func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, message: message)
    }

    /// The keys of this mapping, after checking that each is one of `allowed` (`nil`: any key, for a
    /// document of which a reader interprets only some keys, such as a model card).
    public func mapping(allowing allowed: [String]?) throws(ConfigurationError) -> [String: YAMLNode] {
        guard let mapping = node.mapping else { throw error("\(what) must be a mapping of key: value") }
        var result: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            let keyNode = YAMLNode(node: key, file: file, what: "a key")
            guard let name = key.string else { throw keyNode.error("keys must be text") }
            guard allowed?.contains(name) ?? true else {
                throw keyNode.error("unknown key '\(name)' in \(what); allowed: \((allowed ?? []).joined(separator: ", "))")
            }
            guard result[name] == nil else { throw keyNode.error("'\(name)' is given twice in \(what)") }
            result[name] = YAMLNode(node: value, file: file, what: "'\(name)'")
        }
        return result
    }

    /// The elements of this sequence, each described as `element`.
    public func sequence(of element: String) throws(ConfigurationError) -> [YAMLNode] {
        guard let sequence = node.sequence else { throw error("\(what) must be a list") }
        return sequence.map { YAMLNode(node: $0, file: file, what: element) }
    }

    /// This scalar as text.
    public func text() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("\(what) must be a single value") }
        return scalar.string
    }

    /// This scalar as one of `choices`.
    public func choice(_ choices: [String]) throws(ConfigurationError) -> String {
        let value = try text()
        guard choices.contains(value) else {
            throw error("\(what) is '\(value)'; allowed: \(choices.joined(separator: ", "))")
        }
        return value
    }

    /// This scalar as an integer in `range`.
    public func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = node.int else { throw error("\(what) must be a whole number") }
        guard range.contains(value) else {
            throw error("\(what) is \(value); allowed: \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// This scalar as a number in `range`.
    public func number(in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let value = node.float ?? node.int.map(Double.init) else { throw error("\(what) must be a number") }
        guard range.contains(value) else {
            throw error("\(what) is \(value); allowed: \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// This scalar as true or false.
    public func flag() throws(ConfigurationError) -> Bool {
        guard let value = node.bool else { throw error("\(what) must be true or false") }
        return value
    }

    /// A list of text values, or a single one taken as a list of one.
    public func texts() throws(ConfigurationError) -> [String] {
        if node.scalar != nil { return [try text()] }
        var values: [String] = []
        for element in try sequence(of: "an element of \(what)") { values.append(try element.text()) }
        return values
    }

    private static func describe(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            ConfigurationError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        default:
            ConfigurationError(file: file, message: "not valid YAML: \(error)")
        }
    }
}
