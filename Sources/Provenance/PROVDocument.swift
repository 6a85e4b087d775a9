import Catalog
import Disclosure
import Foundation
import Installation

/// The catalog's histories as W3C PROV-JSON, for curators and tools that reason over provenance graphs
/// rather than preservation records: which activity (a run, a step) used which file, generated which,
/// and which software, model and pipeline definition were responsible.
///
/// Keys are sorted and relation ids numbered in history order, so that two exports of the same catalog
/// are byte-identical.
public struct PROVDocument {
    private var graph = Graph()
    private var institutionID: String?

    /// Runs are activities made of one activity per step, so that a model answers for its own step only. The
    /// `institution`, when configured, is an organization on whose behalf the software ran every run.
    public init(histories: [ImageHistory], institution: Institution? = nil) {
        if let institution { institutionID = graph.organization(institution) }
        for history in histories.sorted(by: { ($0.original.object.id ?? 0) < ($1.original.object.id ?? 0) }) {
            let original = graph.entity(history.original, kind: "original")
            for run in history.runs.sorted(by: { ($0.run.id ?? 0) < ($1.run.id ?? 0) }) {
                add(run, of: original)
            }
        }
    }

    /// UTF-8 bytes rather than a string, because exports write them to a file unchanged.
    public var json: [UInt8] {
        // The graph holds only strings and dictionaries of them, which JSONSerialization cannot refuse.
        Array(try! JSONSerialization.data(withJSONObject: graph.document,
                                          options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
    }

    private mutating func add(_ history: RunHistory, of original: String) {
        let run = "conservator:run-\(history.run.id ?? 0)"
        var attributes: [String: Any] = [
            "prov:type": Graph.name("conservator:PipelineRun"),
            "prov:startTime": history.run.startedAt,
            "prov:endTime": history.run.endedAt,
            "conservator:digitalSourceType": Graph.name("dst:\(history.run.digitalSourceType)"),
        ]
        // a correction names the run it replaces, and the run it replaced names its correction
        if let supersedes = history.supersedes {
            attributes["conservator:supersedes"] = Graph.name("conservator:run-\(supersedes.supersededRunId)")
            attributes["conservator:correctionReason"] = supersedes.reason
        }
        if let supersededBy = history.supersededBy {
            attributes["conservator:supersededBy"] = Graph.name("conservator:run-\(supersededBy.runId)")
        }
        graph.activities[run] = attributes
        let software = graph.agent(history.software)
        let pipeline = graph.agent(history.pipeline)
        // The pipeline definition is also the plan the software followed, and PROV plans are entities.
        graph.entities[pipeline] = ["prov:type": Graph.name("prov:Plan"), "prov:label": Graph.label(history.pipeline),
                                    "conservator:sha256": history.pipeline.identifier]
        graph.relate("used", ["prov:activity": run, "prov:entity": original])
        graph.relate("wasAssociatedWith", ["prov:activity": run, "prov:agent": software, "prov:plan": pipeline])
        if let institutionID {
            graph.relate("actedOnBehalfOf", ["prov:delegate": software, "prov:responsible": institutionID, "prov:activity": run])
        }
        if let supersedes = history.supersedes {
            // the person who painted the mask asked for the run: its authorizer
            graph.relate("wasAssociatedWith", ["prov:activity": run, "prov:agent": graph.person(supersedes.person),
                                               "prov:role": "authorizer"])
        }
        let derivative = graph.entity(history.derivative, kind: "derivative")
        graph.relate("wasGeneratedBy", ["prov:entity": derivative, "prov:activity": run, "prov:time": history.run.endedAt])
        graph.relate("wasDerivedFrom", ["prov:generatedEntity": derivative, "prov:usedEntity": original, "prov:activity": run])
        for step in history.steps.sorted(by: { $0.step.position < $1.step.position }) {
            add(step, of: run, original: original, software: software)
        }
        for decision in history.decisions {
            add(decision, on: derivative, of: run)
        }
    }

    /// A curator's decision: an activity that used the derivative, associated with the person as authorizer.
    private mutating func add(_ decision: ReviewDecision, on derivative: String, of run: String) {
        let review = "\(run)-review-\(decision.id ?? 0)"
        var attributes: [String: Any] = [
            "prov:type": Graph.name("conservator:ReviewDecision"),
            "prov:startTime": decision.decidedAt,
            "prov:endTime": decision.decidedAt,
            "conservator:state": decision.state.rawValue,
        ]
        if let reason = decision.reason { attributes["conservator:reason"] = reason }
        graph.activities[review] = attributes
        let person = graph.person(decision.person)
        graph.relate("used", ["prov:activity": review, "prov:entity": derivative])
        graph.relate("wasAssociatedWith", ["prov:activity": review, "prov:agent": person, "prov:role": "authorizer"])
    }

    private mutating func add(_ history: StepHistory, of run: String, original: String, software: String) {
        let step = history.step
        let activity = "\(run)-step-\(step.position)"
        graph.activities[activity] = [
            "prov:type": Graph.name("conservator:PipelineStep"),
            "conservator:stage": step.stage,
            "conservator:method": step.method,
            "conservator:algorithm": step.algorithm,
            "conservator:parameters": step.parameters,
            "conservator:fractionChanged": ["$": String(step.fractionChanged), "type": "xsd:double"],
            "conservator:digitalSourceType": Graph.name("dst:\(step.digitalSourceType)"),
        ]
        graph.relate("used", ["prov:activity": activity, "prov:entity": original])
        graph.relate("wasAssociatedWith", ["prov:activity": activity, "prov:agent": history.model.map { graph.agent($0) } ?? software])
        if let details = history.mask {
            let mask = graph.entity(details, kind: "mask")
            graph.relate("wasGeneratedBy", ["prov:entity": mask, "prov:activity": activity])
            graph.relate("wasDerivedFrom", ["prov:generatedEntity": mask, "prov:usedEntity": original, "prov:activity": activity])
        }
    }
}

/// The PROV-JSON sections being filled, with a counter that names the relations.
private struct Graph {
    var entities: [String: [String: Any]] = [:]
    var activities: [String: [String: Any]] = [:]
    var agents: [String: [String: Any]] = [:]
    var relations: [String: [String: [String: String]]] = [:]
    private var count = 0

    static let prefixes = [
        "prov": "http://www.w3.org/ns/prov#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "conservator": "urn:conservator:",
        "premis": "http://www.loc.gov/premis/rdf/v3/",
        "dst": DigitalSourceType.vocabulary,
    ]

    var document: [String: Any] {
        var document: [String: Any] = ["prefix": Self.prefixes, "entity": entities, "activity": activities, "agent": agents]
        document.merge(relations) { first, _ in first }
        return document
    }

    /// A qualified name as a typed value, so that readers resolve it against the prefixes.
    static func name(_ qualified: String) -> [String: String] { ["$": qualified, "type": "prov:QUALIFIED_NAME"] }

    mutating func entity(_ details: ObjectDetails, kind: String) -> String {
        let id = "conservator:object-\(details.object.id ?? 0)"
        entities[id] = [
            "prov:type": Self.name("premis:File"),
            "conservator:kind": kind,
            "conservator:sha256": details.object.sha256 ?? "",
            "conservator:path": details.paths.first?.path ?? "",
        ]
        if let puid = details.object.pronomPuid { entities[id]?["conservator:pronomPuid"] = puid }
        return id
    }

    /// Models and pipeline definitions are software agents too: programs responsible for what was made.
    mutating func agent(_ agent: Agent) -> String {
        let id = "conservator:agent-\(agent.id ?? 0)"
        agents[id] = [
            "prov:type": Self.name("prov:SoftwareAgent"),
            "prov:label": Self.label(agent),
            "conservator:kind": agent.type.rawValue,
            "conservator:identifier": agent.identifier,
        ]
        return id
    }

    /// The institution running Conservator.
    mutating func organization(_ institution: Institution) -> String {
        let id = "conservator:institution"
        var attributes: [String: Any] = ["prov:type": Self.name("prov:Organization"), "prov:label": institution.name,
                                         "conservator:kind": "organization"]
        if let identifier = institution.identifier { attributes["conservator:identifier"] = identifier }
        if let rights = institution.rightsStatement { attributes["conservator:rightsStatement"] = ["$": rights, "type": "xsd:anyURI"] }
        agents[id] = attributes
        return id
    }

    /// A person, by user name (letters, digits and `._@-` only, so the name is a valid identifier).
    mutating func person(_ name: String) -> String {
        let id = "conservator:person-\(name)"
        agents[id] = ["prov:type": Self.name("prov:Person"), "prov:label": name, "conservator:kind": "person"]
        return id
    }

    /// `name@version`, as curators name models and pipelines in queries.
    static func label(_ agent: Agent) -> String { agent.version.isEmpty ? agent.name : "\(agent.name)@\(agent.version)" }

    mutating func relate(_ relation: String, _ attributes: [String: String]) {
        count += 1
        relations[relation, default: [:]]["_:r\(count)"] = attributes
    }
}
