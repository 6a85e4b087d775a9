import Foundation

/// Where the folders that ship with Conservator (`Migrations`, `Pipelines`, `Models`) are, for a binary
/// run from a build tree or installed by `make install`.
///
/// First match wins:
/// 1. the folder named by an environment variable (`$CONSERVATOR_MIGRATIONS`, ...), when set;
/// 2. `<prefix>/share/conservator/<name>`, beside an installed `<prefix>/bin/conservator`;
/// 3. `<name>/` in the executable's directory or the nearest parent holding `Package.swift` — the build
///    tree, where the binary lives in `.build/<config>/`.
///
/// ```swift
/// let pipelines = InstalledFolder.locate("Pipelines", override: "CONSERVATOR_PIPELINES").folder
/// ```
public enum InstalledFolder {
    /// The folder found (or `nil`), and every place looked at, for an error message.
    public static func locate(
        _ name: String, override variable: String,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (folder: URL?, searched: [String]) {
        var candidates: [URL] = []
        if let explicit = environment[variable], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let binDirectory = executable.deletingLastPathComponent()
        candidates.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/conservator/\(name)"))
        var directory = binDirectory
        while directory.path != "/" && !directory.path.isEmpty {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                candidates.append(directory.appendingPathComponent(name))
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return (candidate, candidates.map(\.path))
            }
        }
        return (nil, candidates.map(\.path))
    }

    /// The folder of named pipelines: `given` when set, else the shipped one, else `Pipelines` relative to
    /// the current folder.
    public static func pipelines(_ given: String?) -> String {
        given ?? locate("Pipelines", override: "CONSERVATOR_PIPELINES").folder?.path ?? "Pipelines"
    }

    /// The folder of models: `given` when set, else the shipped one, else `Models` relative to the current
    /// folder.
    public static func models(_ given: String?) -> String {
        given ?? locate("Models", override: "CONSERVATOR_MODELS").folder?.path ?? "Models"
    }
}
