import Metadata
import Catalog
import Installation

/// The catalog's histories as a PREMIS 3.0 document, the form in which a museum's preservation system
/// (its repository's ingest, Archivematica, Preservica) takes over what is known of each file: its
/// fixity, every event that touched it, the software and models that acted, and which file was derived
/// from which, all in the Library of Congress' controlled vocabularies.
///
/// The document validates against the PREMIS 3.0 schema; its order is fixed (objects, events and agents,
/// each by id), so that two exports of the same catalog compare equal.
public struct PREMISDocument {
    private let objects: [ExportedObject]
    private let agents: [Agent]
    private let exportedAt: String
    private let institution: Institution?

    /// `exportedAt` goes into a comment: PREMIS describes the objects, and has no place for the date of
    /// the document itself. The `institution`, when configured, is listed as an organization agent.
    public init(histories: [ImageHistory], exportedAt: String, institution: Institution? = nil) {
        var objects: [Int64: ExportedObject] = [:]
        var agents: [Int64: Agent] = [:]
        for history in histories {
            let original = history.original
            objects[original.object.id ?? 0] = ExportedObject(details: original, source: nil)
            for run in history.runs {
                var derivative = ExportedObject(details: run.derivative, source: original.object.id)
                if let supersession = run.supersedes, let old = run.supersededDerivativeID {
                    derivative.supersedes = (old, supersession.eventId)
                }
                objects[run.derivative.object.id ?? 0] = derivative
                for case let mask? in run.steps.map(\.mask) {
                    objects[mask.object.id ?? 0] = ExportedObject(details: mask, source: original.object.id)
                }
                for agent in [run.software, run.pipeline] + run.models { agents[agent.id ?? 0] = agent }
            }
        }
        for role in objects.values.flatMap({ $0.details.events.flatMap(\.agents) }) { agents[role.agent.id ?? 0] = role.agent }
        self.objects = objects.sorted { $0.key < $1.key }.map(\.value)
        self.agents = agents.sorted { $0.key < $1.key }.map(\.value)
        self.exportedAt = exportedAt
        self.institution = institution
    }

    /// The document as text, UTF-8 encoded when written, ready for a curator's repository.
    public var xml: String {
        let events = objects.flatMap { object in object.details.events.map { (event: $0, object: object) } }
            .sorted { ($0.event.event.id ?? 0) < ($1.event.event.id ?? 0) }
        let root = Element("premis", attributes: ["xmlns:premis": Self.namespace, "xmlns:xsi": Self.schemaInstance, "version": "3.0"],
                           objects.map { $0.element() }
                             + events.map { Self.element(of: $0.event, on: $0.object) }
                             + agents.map(Self.element(of:)) + (institution.map { [Self.element(of: $0)] } ?? []))
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<!-- Exported by Conservator at \(exportedAt.replacingOccurrences(of: "--", with: "- -")) -->\n"
        root.render(into: &text, depth: 0)
        return text
    }

    static let namespace = "http://www.loc.gov/premis/v3"
    static let schemaInstance = "http://www.w3.org/2001/XMLSchema-instance"

    private static func element(of record: EventWithAgents, on object: ExportedObject) -> Element {
        let event = record.event
        let objectID = object.details.object.id ?? 0
        let isOutcome = [.creation, .modification, .normalization].contains(event.type)
        let role = isOutcome ? ("outcome", "out") : ("source", "sou")
        var objectLinks = [Element.link("linkingObject", object: objectID, role: role)]
        if event.type == .creation, let source = object.source {
            objectLinks.append(Element.link("linkingObject", object: source, role: ("source", "sou")))
        }
        let agentLinks = record.agents.map { agent in
            let role = Element.term("linkingAgentRole", agentRoles[agent.role] ?? agent.role, "eventRelatedAgentRole", agent.role)
            return Element.identifier("linkingAgent", "local", "conservator:agent:\(agent.agent.id ?? 0)", [role])
        }
        let outcome = Element.term("eventOutcome", outcomes[event.outcome] ?? "", "eventOutcome", event.outcome.rawValue)
        let detail = event.detail.isEmpty
            ? [] : [Element("eventDetailInformation", [Element("eventDetail", text: event.detail)])]
        return Element("event", [
            Element.identifier("event", "local", "conservator:event:\(event.id ?? 0)"),
            Element.term("eventType", event.type.label, "eventType", event.type.rawValue),
            Element("eventDateTime", text: event.occurredAt),
        ] + detail + [
            Element("eventOutcomeInformation", [outcome]),
        ] + agentLinks + objectLinks)
    }

    private static func element(of agent: Agent) -> Element {
        let (type, code) = agentTypes[agent.type] ?? ("software", "sof")
        let version = agent.version.isEmpty ? [] : [Element("agentVersion", text: agent.version)]
        let pin = agent.type == .software ? "git commit" : "SHA-256"
        let note = agent.identifier.isEmpty ? [] : [Element("agentNote", text: "\(pin) \(agent.identifier)")]
        return Element("agent", [
            Element.identifier("agent", "local", "conservator:agent:\(agent.id ?? 0)"),
            Element("agentName", text: agent.name),
            Element.term("agentType", type, "agentType", code),
        ] + version + note)
    }

    /// Each file as a `<premis:object>` element that declares its namespaces, by catalog object id: METS wraps
    /// each in the technical metadata of its file.
    public var objectElements: [Int64: String] {
        var elements: [Int64: String] = [:]
        for object in objects {
            var text = ""
            object.element(standalone: true).render(into: &text, depth: 0)
            elements[object.details.object.id ?? 0] = text
        }
        return elements
    }

    /// The institution: identified by its ISIL or other identifier where it gave one.
    private static func element(of institution: Institution) -> Element {
        let rights = institution.rightsStatement.map { [Element("agentNote", text: "rights statement \($0)")] } ?? []
        return Element("agent", [
            Element.identifier("agent", institution.identifier == nil ? "local" : "institution identifier",
                               institution.identifier ?? "conservator:institution"),
            Element("agentName", text: institution.name),
            Element.term("agentType", "organization", "agentType", "org"),
        ] + rights)
    }

    /// Models and pipeline definitions are software in PREMIS' terms: programs that acted on the file.
    private static let agentTypes: [Agent.AgentType: (String, String)] = [
        .software: ("software", "sof"), .model: ("software", "sof"), .pipeline: ("software", "sof"),
        .person: ("person", "per"), .organization: ("organization", "org"),
    ]
    private static let agentRoles = ["exe": "executing program", "imp": "implementer", "val": "validator", "aut": "authorizer"]
    private static let outcomes: [Event.Outcome: String] = [.success: "success", .failure: "failure", .warning: "warning"]
}

/// An object of the export, with the original it was derived from (none for an original).
private struct ExportedObject {
    var details: ObjectDetails
    var source: Int64?
    /// For the derivative of a curator's correction: the derivative it replaces, and the event (on that one)
    /// that records the correction.
    var supersedes: (object: Int64, event: Int64)?

    /// `standalone`: the element declares the namespaces it uses, to be embedded outside a PREMIS document.
    func element(standalone: Bool = false) -> Element {
        let object = details.object
        let id = object.id ?? 0
        let checksum = object.sha256.map { [Element.identifier("object", "sha256", $0)] } ?? []
        let fixity = object.sha256.map {
            [Element("fixity", [Element.term("messageDigestAlgorithm", "SHA-256", "cryptographicHashFunctions", "sha256"),
                                Element("messageDigest", text: $0)])]
        } ?? []
        let size = object.size.map { [Element("size", text: String($0))] } ?? []
        let characteristics = Element("objectCharacteristics", [Element("compositionLevel", text: "0")] + fixity + size + [
            Element("format", [Element("formatDesignation", [
                Element("formatName", text: object.mediaType ?? "application/octet-stream"),
            ])] + registry),
        ])
        let name = details.paths.first.map { [Element("originalName", text: $0.path)] } ?? []
        let local = Element.identifier("object", "local", "conservator:object:\(id)")
        let attributes: KeyValuePairs<String, String> = standalone
            ? ["xmlns:premis": PREMISDocument.namespace, "xmlns:xsi": PREMISDocument.schemaInstance, "xsi:type": "premis:file"]
            : ["xsi:type": "premis:file"]
        return Element("object", attributes: attributes, [local] + checksum + [characteristics] + name + relationship)
    }

    /// The file's PRONOM identifier, where the catalog knows it: the key preservation systems identify formats by.
    private var registry: [Element] {
        guard let puid = details.object.pronomPuid else { return [] }
        return [Element("formatRegistry", attributes: ["simpleLink": PRONOM.address(of: puid)], [
            Element("formatRegistryName", text: PRONOM.registryName),
            Element("formatRegistryKey", text: puid),
        ])]
    }

    /// Derivatives and masks "have source" the original, through the event that created them; a
    /// correction's derivative also supersedes the derivative it replaces, through the event that recorded the
    /// correction. "supersedes" is no term of the LoC vocabulary (which has none for it), so it carries no
    /// authority.
    private var relationship: [Element] {
        guard let source else { return [] }
        let replacement = supersedes.map { old in
            [Element("relationship", [
                Element("relationshipType", text: "derivation"),
                Element("relationshipSubType", text: "supersedes"),
                Element.identifier("relatedObject", "local", "conservator:object:\(old.object)"),
                Element.identifier("relatedEvent", "local", "conservator:event:\(old.event)"),
            ])]
        } ?? []
        let creation = details.events.first { $0.event.type == .creation }.map {
            [Element.identifier("relatedEvent", "local", "conservator:event:\($0.event.id ?? 0)")]
        } ?? []
        return [Element("relationship", [
            Element.term("relationshipType", "derivation", "relationshipType", "der"),
            Element.term("relationshipSubType", "has source", "relationshipSubType", "hss"),
            Element.identifier("relatedObject", "local", "conservator:object:\(source)"),
        ] + creation)] + replacement
    }
}

/// An element in the PREMIS namespace, with either text or children.
private struct Element {
    var name: String
    var attributes: KeyValuePairs<String, String>
    var text: String?
    var children: [Element]

    init(_ name: String, attributes: KeyValuePairs<String, String> = [:], text: String? = nil, _ children: [Element] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// `<premis:{name}Identifier>` with its type and value (and, for links, the roles that follow them).
    static func identifier(_ name: String, _ type: String, _ value: String, _ roles: [Element] = []) -> Element {
        Element("\(name)Identifier", [Element("\(name)IdentifierType", text: type),
                                      Element("\(name)IdentifierValue", text: value)] + roles)
    }

    /// A link from an event to an object, in the role the object played.
    static func link(_ name: String, object: Int64, role: (label: String, code: String)) -> Element {
        identifier(name, "local", "conservator:object:\(object)",
                   [term("\(name)Role", role.label, "eventRelatedObjectRole", role.code)])
    }

    /// A term of an id.loc.gov preservation vocabulary: the label as text, the vocabulary and term as URIs.
    static func term(_ name: String, _ label: String, _ vocabulary: String, _ code: String) -> Element {
        let base = "http://id.loc.gov/vocabulary/preservation/\(vocabulary)"
        return Element(name, attributes: ["authority": vocabulary, "authorityURI": base, "valueURI": "\(base)/\(code)"], text: label)
    }

    func render(into out: inout String, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        out += "\(indent)<premis:\(name)"
        for (key, value) in attributes { out += " \(key)=\"\(XMLText.escaped(value))\"" }
        if let text {
            out += ">\(XMLText.escaped(text))</premis:\(name)>\n"
        } else {
            out += ">\n"
            for child in children { child.render(into: &out, depth: depth + 1) }
            out += "\(indent)</premis:\(name)>\n"
        }
    }

}
