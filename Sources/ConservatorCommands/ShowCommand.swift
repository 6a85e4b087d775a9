import ArgumentParser
import Catalog
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one object: its record, paths, metadata and events.",
        discussion: "Exits 66 when nothing matches the reference.")

    @OptionGroup var options: CatalogOptions
    @OptionGroup var object: ObjectReference

    func run() throws {
        let catalog = try options.open()
        let id = try object.id(in: catalog)
        let details = try ExitStatus.guarding { try catalog.details(of: id) }
        if object.json {
            try JSONOutput.print(ObjectReport(details))
            return
        }
        Console.print(ObjectText.render(details))
    }
}

/// The `--json` shape of one object.
struct ObjectReport: Encodable {
    struct Tag: Encodable {
        var group: String
        var tagId: Int?
        var name: String
        var value: String
    }
    struct EventEntry: Encodable {
        struct AgentEntry: Encodable {
            var type: String
            var name: String
            var version: String
            var identifier: String
            var role: String
        }
        var type: String
        var typeLabel: String
        var outcome: String
        var detail: String
        var occurredAt: String
        var agents: [AgentEntry]
    }
    var object: StoredObject
    var paths: [ObjectPath]
    var metadata: [Tag]
    var events: [EventEntry]

    init(_ details: ObjectDetails) {
        object = details.object
        paths = details.paths
        metadata = details.metadata.map { Tag(group: $0.tagGroup, tagId: $0.tagId, name: $0.name, value: $0.value) }
        events = details.events.map { entry in
            EventEntry(type: entry.event.type.rawValue, typeLabel: entry.event.type.label,
                       outcome: entry.event.outcome.rawValue, detail: entry.event.detail,
                       occurredAt: entry.event.occurredAt,
                       agents: entry.agents.map {
                           .init(type: $0.agent.type.rawValue, name: $0.agent.name, version: $0.agent.version,
                                 identifier: $0.agent.identifier, role: $0.role)
                       })
        }
    }
}

/// The human-readable rendering of one object.
enum ObjectText {
    static func render(_ details: ObjectDetails) -> String {
        let o = details.object
        var lines = ["object \(o.id ?? 0)  \(o.kind.rawValue), \(o.status.rawValue)"]
        if let reason = o.quarantineReason { lines.append("  quarantine reason: \(reason)") }
        lines.append("  sha256:  \(o.sha256 ?? "(not computed: unreadable)")")
        if let size = o.size { lines.append("  size:    \(size) bytes") }
        if let format = o.format {
            lines.append("  format:  \(format) (\(o.mediaType ?? ""))" + (o.pronomPuid.map { ", PRONOM \($0)" } ?? ""))
        }
        if let width = o.width, let height = o.height {
            lines.append("  image:   \(width)x\(height), \(o.colorModel ?? "?"), \(o.bitDepth ?? 0)-bit, "
                         + "\(o.compression ?? "?"), \(o.pageCount ?? 1) page(s)")
        }
        if let icc = o.iccSha256 { lines.append("  icc:     \(o.iccDescription ?? "(no description)") sha256 \(icc)") }
        if let xmp = o.xmpPacket { lines.append("  xmp:     \(xmp.utf8.count) bytes") }
        lines.append("  recorded: \(o.createdAt)")
        lines.append("paths:")
        lines += details.paths.map { "  \($0.path)  (first seen \($0.firstSeen))" }
        if !details.metadata.isEmpty {
            lines.append("metadata (\(details.metadata.count) tags):")
            let width = details.metadata.map { $0.qualifiedName.count }.max() ?? 0
            lines += details.metadata.map {
                "  " + $0.qualifiedName.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.value
            }
        }
        lines.append("events:")
        lines += details.events.map { entry in
            let agents = entry.agents.map { "\($0.agent.name) \($0.agent.version) [\($0.role)]" }.joined(separator: ", ")
            return "  \(entry.event.occurredAt)  \(entry.event.type.rawValue) \(entry.event.outcome.rawValue)  "
                + "\(entry.event.detail)  — \(agents)"
        }
        return lines.joined(separator: "\n")
    }
}
