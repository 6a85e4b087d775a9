import ArgumentParser
import Catalog

/// The exit codes documented in `conservator --help` (sysexits.h values where one fits).
enum ExitStatus {
    static let findings = ExitCode(1)
    static let dataError = ExitCode(65)
    static let notFound = ExitCode(66)
    static let unavailable = ExitCode(69)
    /// A file or folder a command must create exists already (EX_CANTCREAT): `export --out`.
    static let cannotCreate = ExitCode(73)
    static let configuration = ExitCode(78)
    /// The catalog, or a file a command writes, could not be opened, read or written (EX_IOERR).
    static let ioError = ExitCode(74)

    /// Prints `message` to standard error, prefixed with the program name.
    static func report(_ message: String) {
        Console.current.errors(Array("conservator: \(message)\n".utf8))
    }

    /// Runs `body`, turning catalog errors into a message and the documented exit code.
    static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CatalogError {
            report(error.description)
            switch error {
            case .notFound, .ambiguous, .noSuchUser: throw notFound
            default: throw ioError
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            report("catalog error: \(error)")
            throw ioError
        }
    }
}
