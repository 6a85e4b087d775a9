import ArgumentParser
import Catalog
import Daemon
import Dispatch
import Foundation
import Logging

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch the ingest folders of a configuration and record every file that arrives.",
        discussion: """
            Reads FILE (see deploy/conservator.yaml for a documented example), scans every ingest folder for \
            files that arrived while the daemon was down, then watches them with inotify. A file is taken \
            when it has been closed after writing or moved in, and its size and modification time have not \
            changed for the configured stability window. Bad files are quarantined with a reason and the \
            daemon carries on.

            SIGTERM and SIGINT: take no new file, let running ones finish, exit 0. SIGHUP: read the \
            configuration again (a configuration with errors is reported and the old one kept).

            A folder with a `pipeline` gets that pipeline run on every original it records: the jobs are \
            queued in the catalog, run by the same workers, retried up to `max-attempts` times, and resumed \
            after a stop; `conservator status` shows them. Each claim holds a job under a lease (`lease-seconds`) \
            in the name of `worker-id`; `conservator work` processes on other machines may share the jobs.

            Exits 0 when stopped, 78 when the configuration or a folder's pipeline is invalid (or names a \
            missing model), 69 when a folder cannot be watched or created, 74 when the catalog cannot be opened, \
            was deleted or replaced while the daemon ran, or does not record files already moved into an \
            archive or quarantine folder (a lost or swapped catalog: the daemon refuses to start on it).

            Links are never followed inside an ingest folder, and the archive, quarantine and derivatives \
            folders are never ingested from, even when they lie inside one; what was skipped is logged.
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = "conservator.yaml"

    @Flag(help: "Process the files present now, then exit (for cron and tests).")
    var once = false

    func run() throws {
        try Self.runService(config: config, once: once, watching: true, label: "conservator.watch") { _ in }
    }

    /// Runs the daemon's service on the configuration at `config` until it stops, reading the configuration
    /// again on SIGHUP; `adjust` is applied to each reading (e.g. `work`'s worker id).
    static func runService(config: String, once: Bool, watching: Bool, label: String,
                           adjust: (inout DaemonConfiguration) -> Void) throws {
        var configuration = try Self.load(config)
        adjust(&configuration)
        let format = configuration.logFormat
        LoggingSystem.bootstrap { label in LogLineHandler(label: label, format: format) }
        let logger = Logger(label: label)
        let control = DaemonControl()
        let signals = Self.installSignalHandlers(control: control, logger: logger)
        defer { signals.forEach { $0.cancel() } }

        while true {
            do {
                try configuration.prepareFolders()
            } catch {
                ExitStatus.report(error.description)
                throw ExitStatus.unavailable
            }
            let catalog = try ExitStatus.guarding {
                try Catalog(path: configuration.catalog, migrations: try MigrationSet.locate())
            }
            let service = WatchService(configuration: configuration, catalog: catalog, logger: logger)
            let ending: WatchService.Ending
            do {
                ending = try service.run(once: once, control: control, watching: watching)
            } catch {
                ExitStatus.report(error.description)
                switch error {
                case .invalidPipeline: throw ExitStatus.configuration
                case .catalogReplaced, .unrecordedFiles: throw ExitStatus.ioError
                default: throw ExitStatus.unavailable
                }
            }
            guard ending == .reloadRequested else { break }
            do {
                configuration = try DaemonConfiguration(contentsOf: config)
                adjust(&configuration)
                logger.info("configuration reloaded", metadata: ["file": "\(config)"])
            } catch {
                logger.error("configuration not reloaded, keeping the running one: \(error.description)")
            }
        }
        logger.info("stopped")
    }

    static func load(_ path: String) throws -> DaemonConfiguration {
        do {
            return try DaemonConfiguration(contentsOf: path)
        } catch {
            ExitStatus.report(error.description)
            throw ExitStatus.configuration
        }
    }

    /// Routes SIGTERM and SIGINT to a stop request and SIGHUP to a reload request. The signals' default
    /// actions are turned off so that they reach the handlers instead of ending the process.
    private static func installSignalHandlers(control: DaemonControl, logger: Logger) -> [any DispatchSourceSignal] {
        let actions: [(Int32, @Sendable () -> Void)] = [
            (SIGTERM, { logger.info("SIGTERM: finishing running work, then stopping"); control.requestStop() }),
            (SIGINT, { logger.info("SIGINT: finishing running work, then stopping"); control.requestStop() }),
            (SIGHUP, { logger.info("SIGHUP: reloading the configuration"); control.requestReload() }),
        ]
        return actions.map { signalNumber, action in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }
}
