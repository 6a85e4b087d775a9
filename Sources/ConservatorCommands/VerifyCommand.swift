import ArgumentParser
import Foundation
import Ingest

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Fixity audit: re-hash every original at every path and record a PREMIS fixity event.",
        discussion: """
            Quarantined files are checked too and reported apart: a quarantine record describes the bytes \
            that were refused, so a quarantined file that changed or went missing is a finding. One that \
            was unreadable at ingest has no SHA-256; only its presence is checked ("not hashed").

            Exits 0 when every file matches its recorded SHA-256, 1 when any file, accepted or \
            quarantined, is missing, unreadable or changed.
            """)

    @OptionGroup var options: CatalogOptions

    @Flag(help: "Print the findings as JSON.")
    var json = false

    func run() throws {
        let catalog = try options.open()
        let audit = FixityAudit(catalog: catalog)
        var bar = ProgressBar(label: "verify", total: (try? audit.objectCount()) ?? 0)
        let report = try ExitStatus.guarding {
            try audit.run { done, total in bar.update(done: done, total: total) }
        }
        if json {
            try JSONOutput.print(VerifyReport(report))
        } else {
            for problem in report.problems + report.quarantined.problems { Console.print(problem.description) }
            Console.print("checked \(report.checked) files: \(report.checked - report.problems.count) intact, "
                  + "\(report.problems.count) missing or changed")
            let quarantined = report.quarantined
            if quarantined.checked > 0 {
                Console.print("checked \(quarantined.checked) quarantined files: \(quarantined.intact) intact, "
                      + "\(quarantined.problems.count) missing or changed, "
                      + "\(quarantined.notHashed.count) not hashed (present; unreadable at ingest)")
            }
        }
        if report.hasFindings { throw ExitStatus.findings }
    }
}

/// The `--json` shape of a fixity audit: accepted originals at the top level (as before quarantined files
/// were checked), quarantined files under `quarantined`.
private struct VerifyReport: Encodable {
    struct Problem: Encodable {
        var objectId: Int64
        var path: String
        var problem: String

        init(_ problem: FixityAudit.Problem) {
            objectId = problem.objectID
            path = problem.path
            self.problem = problem.description
        }
    }
    struct Quarantined: Encodable {
        var checked: Int
        var intact: Int
        var problems: [Problem]
        var notHashed: [String]
    }
    var checked: Int
    var problems: [Problem]
    var quarantined: Quarantined

    init(_ report: FixityAudit.Report) {
        checked = report.checked
        problems = report.problems.map(Problem.init)
        let q = report.quarantined
        quarantined = Quarantined(checked: q.checked, intact: q.intact, problems: q.problems.map(Problem.init),
                                  notHashed: q.notHashed)
    }
}
