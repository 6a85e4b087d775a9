import ArgumentParser
import Foundation
import Ingest

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Fixity audit: re-hash every original at every path and record a PREMIS fixity event.",
        discussion: "Exits 0 when every file matches its recorded SHA-256, 1 when any is missing, unreadable or changed.")

    @OptionGroup var options: CatalogOptions

    @Flag(help: "Print the findings as JSON.")
    var json = false

    func run() throws {
        let catalog = try options.open()
        let targets = (try? catalog.fixityTargets().count) ?? 0
        var bar = ProgressBar(label: "verify", total: targets)
        let report = try ExitStatus.guarding {
            try FixityAudit(catalog: catalog).run { done, total in bar.update(done: done, total: total) }
        }
        if json {
            try JSONOutput.print(VerifyReport(checked: report.checked, problems: report.problems.map {
                .init(objectId: $0.objectID, path: $0.path, problem: $0.description)
            }))
        } else {
            for problem in report.problems { print(problem.description) }
            print("checked \(report.checked) files: \(report.checked - report.problems.count) intact, "
                  + "\(report.problems.count) missing or changed")
        }
        if !report.problems.isEmpty { throw ExitStatus.findings }
    }
}

/// The `--json` shape of a fixity audit.
private struct VerifyReport: Encodable {
    struct Problem: Encodable {
        var objectId: Int64
        var path: String
        var problem: String
    }
    var checked: Int
    var problems: [Problem]
}
