import ArgumentParser
import Daemon
import Foundation

struct WorkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Take pipeline jobs from the catalog and run them, watching no folder.",
        discussion: """
            A restoration worker beside the machines that ingest: reads FILE as `watch` does and runs the jobs \
            its folders' pipelines queued, but watches and ingests nothing. Several workers, and `watch` \
            daemons, may share one catalog: each claim holds a job under a lease that the worker renews every \
            third of `lease-seconds`; a job whose worker died (killed, machine gone) is taken by another once \
            its lease has lapsed, which counts as an attempt, and what the dead run staged is removed first.

            Workers on other machines must see the originals and the derivatives folder at the paths the \
            catalog records (a shared mount), and the same pipelines and models. A SQLite catalog is safe to \
            share only on one machine, or on a file system whose locks SQLite can trust (not NFS).

            The worker id (`--worker-id`, else the configuration's `worker-id` with this process's id added, \
            else HOST-PID) must differ between the workers of one catalog.

            SIGTERM and SIGINT: take no new job, let running ones finish, exit 0. Exits as `watch` does.
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("The configuration file.", valueName: "file"))
    var config: String = "conservator.yaml"

    @Option(name: .customLong("worker-id"), help: ArgumentHelp("This worker's id among the catalog's workers.", valueName: "id"))
    var workerID: String?

    @Flag(help: "Run the jobs open now (waiting out other workers' leases), then exit (for cron and tests).")
    var once = false

    func validate() throws {
        if let workerID, workerID.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--worker-id must not be empty")
        }
    }

    func run() throws {
        let id = workerID
        let pid = ProcessInfo.processInfo.processIdentifier
        try WatchCommand.runService(config: config, once: once, watching: false, label: "conservator.work") { configuration in
            // one id per process: two workers started from one configuration must not share their leases
            configuration.workerID = id ?? "\(configuration.workerID)-\(pid)"
        }
    }
}
