import Foundation

/// Where a command's text goes: the process's standard output and standard error when the executable runs,
/// buffers when a test runs a command in process.
///
/// A task-local rather than a parameter, so that the helpers commands write through (`ExitStatus.report`,
/// `JSONOutput`, `ProgressBar`) reach it without a console being handed down through every command:
///
/// ```swift
/// Console.print("ingested \(count)")                               // standard output
/// ExitStatus.report("\(path): no such file or folder")             // standard error
/// try Console.$current.withValue(captured) { try command.run() }   // a test's buffers
/// ```
///
/// Log lines are not written through it: they go where swift-log's handlers write them.
struct Console: Sendable {
    /// Receives what a command writes on standard output, as UTF-8 bytes.
    var output: @Sendable ([UInt8]) -> Void
    /// Receives what a command writes on standard error, as UTF-8 bytes.
    var errors: @Sendable ([UInt8]) -> Void
    /// Whether progress bars are drawn on standard error: only on a terminal, so that logs, pipes and
    /// captured output stay clean.
    var drawsProgress: Bool

    /// The executable's: file descriptors 1 and 2, each write made at once (unbuffered), so that the two
    /// streams interleave in the order they were written.
    @TaskLocal static var current = Console(
        output: { FileHandle.standardOutput.write(Data($0)) },
        errors: { FileHandle.standardError.write(Data($0)) },
        drawsProgress: isatty(STDERR_FILENO) != 0)

    /// `text` and `terminator` on the current standard output, as `print` writes one string.
    static func print(_ text: String, terminator: String = "\n") {
        current.output(Array((text + terminator).utf8))
    }
}
