import ArgumentParser
import Catalog
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How the catalog's work stands: originals, quarantined files, jobs, throughput, recent problems.")

    @OptionGroup var options: CatalogOptions

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Take the catalog path from this daemon configuration instead of --catalog.", valueName: "file"))
    var config: String?

    @Flag(help: "Print as JSON.")
    var json = false

    func run() throws {
        var options = options
        if let config { options.catalog = try WatchCommand.load(config).catalog }
        let catalog = try options.open()
        let status = try ExitStatus.guarding { try catalog.status() }
        if json {
            try JSONOutput.print(status)
            return
        }
        Console.print("""
            catalog      \(catalog.path)
            originals    \(status.originals) accepted, \(status.quarantined) quarantined
            recorded     \(status.recordedLastHour) in the last hour, \(status.recordedLastDay) in the last 24 hours
            jobs         \(status.queued) queued, \(status.running) running, \(status.done) done, \(status.failed) failed
            """)
        if !status.recentProblems.isEmpty {
            Console.print("recent problems")
            for problem in status.recentProblems {
                Console.print("  \(problem.occurredAt)  #\(problem.objectId)  \(problem.path ?? "-"): \(problem.detail)")
            }
        }
    }
}
