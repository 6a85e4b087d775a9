import Disclosure
import Installation
import Metadata
import Restoration

/// The XMP packet embedded in every derivative: what made it, in terms any XMP reader understands.
///
/// - `Iptc4xmpExt:DigitalSourceType`: the strongest disclosure class among the steps (IPTC URI);
/// - `xmpMM:History`: one `stEvt` entry per step — action, the model (`name@version`) or classical
///   algorithm as `softwareAgent`, the effective parameters, when;
/// - `xmpMM:DerivedFrom`: the original, by SHA-256;
/// - `conservator:ProvenanceSidecar` and `conservator:AIAltered`: the sidecar's file name (beside the
///   derivative) with the full record, and whether a trained model changed the image;
/// - the original's own descriptive metadata (``CarriedMetadata``), in further `rdf:Description`s;
/// - the institution of the configuration, where given: `dc:publisher` (its name) and `xmpRights:WebStatement`
///   (its rights statement URI), unless the original's metadata already says who publishes it under which rights.
struct DisclosureXMP {
    var disclosure: DigitalSourceType
    var aiAltered: Bool
    var steps: [AppliedStep]
    var originalSHA256: String
    var sidecarName: String
    var pipeline: String
    var carried: CarriedMetadata
    var institution: Institution?

    static let namespace = "https://conservator.museum/ns/provenance/1.0/"

    var packet: String {
        let history = steps.map { step -> String in
            let parameters: String = step.parameters.values.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return """
                      <rdf:li rdf:parseType="Resource">
                       <stEvt:action>\(step.altersPixels ? "edited" : "analyzed")</stEvt:action>
                       <stEvt:softwareAgent>\(XMLText.escaped("Conservator \(step.stage) \(step.stageVersion) (\(step.method.algorithm))"))</stEvt:softwareAgent>
                       <stEvt:parameters>\(XMLText.escaped("\(step.stage): \(parameters)"))</stEvt:parameters>
                       <stEvt:when>\(step.finishedAt)</stEvt:when>
                      </rdf:li>
                """
        }.joined(separator: "\n")
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
                xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
                xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
                xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"
                xmlns:conservator="\(Self.namespace)">
               <Iptc4xmpExt:DigitalSourceType>\(disclosure.uri)</Iptc4xmpExt:DigitalSourceType>
               <conservator:AIAltered>\(aiAltered ? "True" : "False")</conservator:AIAltered>
               <conservator:Pipeline>\(XMLText.escaped(pipeline))</conservator:Pipeline>
               <conservator:ProvenanceSidecar>\(XMLText.escaped(sidecarName))</conservator:ProvenanceSidecar>
               <xmpMM:DerivedFrom rdf:parseType="Resource">
                <stRef:documentID>sha256:\(originalSHA256)</stRef:documentID>
               </xmpMM:DerivedFrom>
               <xmpMM:History>
                <rdf:Seq>
            \(history)
                </rdf:Seq>
               </xmpMM:History>
              </rdf:Description>
            \(carried.descriptions.joined(separator: "\n"))\(institutionDescription)
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
    }

    /// The institution's name and rights statement, as properties the carried metadata does not have.
    private var institutionDescription: String {
        guard let institution else { return "" }
        var properties: [String] = []
        if !carried.properties.contains("http://purl.org/dc/elements/1.1/ publisher") {
            properties.append("<dc:publisher><rdf:Bag><rdf:li>\(XMLText.escaped(institution.name))</rdf:li></rdf:Bag></dc:publisher>")
        }
        if let rights = institution.rightsStatement,
           !carried.properties.contains("http://ns.adobe.com/xap/1.0/rights/ WebStatement") {
            properties.append("<xmpRights:WebStatement>\(XMLText.escaped(rights))</xmpRights:WebStatement>")
        }
        guard !properties.isEmpty else { return "" }
        return "\n  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
            + "xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\">" + properties.joined() + "</rdf:Description>"
    }
}
