import Foundation
import Installation
import YAMLConfiguration

/// Reads the `institution:` section of `conservator.yaml`:
///
/// ```yaml
/// institution:
///   name: Stadtmuseum Beispielstadt
///   identifier: DE-MUS-123456        # ISIL (ISO 15511) or another identifier
///   rights-statement: http://rightsstatements.org/vocab/InC/1.0/
/// ```
enum InstitutionSettings {
    static func read(_ node: YAMLNode, file: String) throws(ConfigurationError) -> Institution {
        let keys = try YAMLNode(node: node.node, file: file, what: "the institution settings")
            .mapping(allowing: ["name", "identifier", "rights-statement"])
        guard let nameNode = keys["name"] else { throw node.error("the institution needs a 'name'") }
        let name = try nameNode.text().trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw nameNode.error("the institution's 'name' is empty") }
        var rights: String?
        if let rightsNode = keys["rights-statement"] {
            let text = try rightsNode.text()
            // an export carries it as a link: a statement that is no absolute URI would be a dead one
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
                  url.host != nil else {
                throw rightsNode.error("'rights-statement' must be the http(s) URI of a rights statement, "
                    + "e.g. http://rightsstatements.org/vocab/InC/1.0/")
            }
            rights = text
        }
        return Institution(name: name, identifier: try keys["identifier"]?.text(), rightsStatement: rights)
    }
}
