import Foundation
import PackagePlugin

/// Writes `BuildStamp.swift` with the git commit the package is built from, before every build, so the
/// binary knows its own source commit without reading `.git` at run time (an installed binary has none).
/// The file is rewritten only when the commit changed, so an unchanged commit costs no recompilation.
@main
struct SourceCommitStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        let file = output.appending(path: "BuildStamp.swift").path
        let script = """
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null | tr -cd '0-9a-f')
            mkdir -p "$2"
            next=$(printf 'enum BuildStamp {\\n    static let commit = "%s"\\n}\\n' "$commit")
            [ "$(cat "$3" 2>/dev/null)" = "$next" ] || printf '%s\\n' "$next" > "$3"
            """
        return [.prebuildCommand(
            displayName: "Stamping the source commit",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "stamp", context.package.directoryURL.path, output.path, file],
            outputFilesDirectory: output)]
    }
}
