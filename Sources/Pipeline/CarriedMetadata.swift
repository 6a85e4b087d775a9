import Disclosure
import Foundation
import FoundationXML
import Metadata
import Raster

/// The original's own descriptive metadata, as the derivative carries it in its XMP packet: who made the
/// photograph, when, with what camera or scanner, under which rights — so that ExifTool, a DAM or a
/// publisher reads it from the derivative as from the original.
///
/// - The original's XMP properties are kept, except those the disclosure sets (`Iptc4xmpExt:DigitalSourceType`,
///   `xmpMM:History`, `xmpMM:DerivedFrom`), those that would be false of the derivative (its instance id,
///   modification and metadata dates, creator tool) and technical ones the encoder decides (dimensions,
///   resolution, bits per sample, compression, colour space).
/// - Descriptive EXIF/TIFF and PNG text tags become their standard XMP equivalents (`tiff:Make`,
///   `exif:DateTimeOriginal`, `dc:creator`, `dc:rights`, ...) where the original's XMP does not already have
///   that property. GPS and maker notes are not carried.
struct CarriedMetadata {
    /// `rdf:Description` elements, each serialized with the namespace declarations it needs.
    var descriptions: [String]
    /// What the derivative's own format fields say (TIFF resolution, Artist, Copyright, ImageDescription;
    /// PNG pHYs; the JFIF density), read from the original's tags: readers that ignore XMP find them too.
    var fields = DescriptiveFields()
    /// The XMP properties carried ("namespace-URI local-name"): a property the derivative's own description
    /// would add (the institution's rights statement) is not written twice.
    var properties: Set<String> = []

    static let empty = CarriedMetadata(descriptions: [])

    /// Properties never copied, by namespace URI and local name.
    static let replaced: Set<String> = [
        "http://iptc.org/std/Iptc4xmpExt/2008-02-29/ DigitalSourceType",
        "http://ns.adobe.com/xap/1.0/mm/ History", "http://ns.adobe.com/xap/1.0/mm/ DerivedFrom",
        "http://ns.adobe.com/xap/1.0/mm/ InstanceID",
        "http://ns.adobe.com/xap/1.0/ ModifyDate", "http://ns.adobe.com/xap/1.0/ MetadataDate",
        "http://ns.adobe.com/xap/1.0/ CreatorTool",
        "http://ns.adobe.com/tiff/1.0/ ImageWidth", "http://ns.adobe.com/tiff/1.0/ ImageLength",
        "http://ns.adobe.com/tiff/1.0/ BitsPerSample", "http://ns.adobe.com/tiff/1.0/ Compression",
        "http://ns.adobe.com/tiff/1.0/ PhotometricInterpretation", "http://ns.adobe.com/tiff/1.0/ SamplesPerPixel",
        "http://ns.adobe.com/tiff/1.0/ PlanarConfiguration", "http://ns.adobe.com/exif/1.0/ PixelXDimension",
        "http://ns.adobe.com/exif/1.0/ PixelYDimension", "http://ns.adobe.com/exif/1.0/ ColorSpace",
        "http://ns.adobe.com/photoshop/1.0/ ICCProfile", "http://ns.adobe.com/photoshop/1.0/ ColorMode",
        // the derivative's own format fields say its density, which an enlargement changes
        "http://ns.adobe.com/tiff/1.0/ XResolution", "http://ns.adobe.com/tiff/1.0/ YResolution",
        "http://ns.adobe.com/tiff/1.0/ ResolutionUnit",
    ]

    /// A tag of the original and the XMP property it becomes: namespace prefix and URI, name, and how the
    /// value is written (simple text, an ordered list, or a language alternative).
    struct Mapping {
        enum Shape { case simple, sequence, alternative, exifDate }
        var tag: String
        var prefix: String
        var uri: String
        var property: String
        var shape: Shape
    }

    static let mappings: [Mapping] = {
        let tiff = ("tiff", "http://ns.adobe.com/tiff/1.0/"), exif = ("exif", "http://ns.adobe.com/exif/1.0/")
        let dc = ("dc", "http://purl.org/dc/elements/1.1/")
        return [
            Mapping(tag: "IFD0:Make", prefix: tiff.0, uri: tiff.1, property: "Make", shape: .simple),
            Mapping(tag: "IFD0:Model", prefix: tiff.0, uri: tiff.1, property: "Model", shape: .simple),
            Mapping(tag: "IFD0:Artist", prefix: dc.0, uri: dc.1, property: "creator", shape: .sequence),
            Mapping(tag: "PNG:Author", prefix: dc.0, uri: dc.1, property: "creator", shape: .sequence),
            Mapping(tag: "IFD0:Copyright", prefix: dc.0, uri: dc.1, property: "rights", shape: .alternative),
            Mapping(tag: "PNG:Copyright", prefix: dc.0, uri: dc.1, property: "rights", shape: .alternative),
            Mapping(tag: "IFD0:ImageDescription", prefix: dc.0, uri: dc.1, property: "description", shape: .alternative),
            Mapping(tag: "PNG:Description", prefix: dc.0, uri: dc.1, property: "description", shape: .alternative),
            Mapping(tag: "PNG:Title", prefix: dc.0, uri: dc.1, property: "title", shape: .alternative),
            Mapping(tag: "ExifIFD:DateTimeOriginal", prefix: exif.0, uri: exif.1, property: "DateTimeOriginal", shape: .exifDate),
            Mapping(tag: "ExifIFD:DateTimeDigitized", prefix: exif.0, uri: exif.1, property: "DateTimeDigitized", shape: .exifDate),
        ]
    }()

    init(descriptions: [String]) {
        self.descriptions = descriptions
    }

    /// What of `metadata` the derivative carries. An XMP packet that does not parse is left out (its
    /// bytes stay in the original and in the catalog).
    init(_ metadata: ImageMetadata) {
        var descriptions: [String] = []
        var present: Set<String> = []
        if let packet = metadata.xmpPacket, let document = try? XMLDocument(xmlString: packet, options: []) {
            for description in Self.elements(named: "Description", in: document.rootElement()) {
                present.formUnion(Self.strip(description))
                if description.childCount > 0 || (description.attributes ?? []).contains(where: Self.isProperty) {
                    descriptions.append(description.xmlString)
                }
            }
        }
        var properties: [String] = []
        var namespaces: [String: String] = [:]
        for mapping in Self.mappings where !present.contains("\(mapping.uri) \(mapping.property)") {
            guard let value = metadata.tags.first(where: { $0.qualifiedName == mapping.tag })?.value,
                  !value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            present.insert("\(mapping.uri) \(mapping.property)")
            namespaces[mapping.prefix] = mapping.uri
            properties.append(Self.property(mapping, value))
        }
        if !properties.isEmpty {
            let declarations = namespaces.sorted { $0.key < $1.key }.map { "xmlns:\($0.key)=\"\($0.value)\"" }
            descriptions.append("<rdf:Description rdf:about=\"\" \(declarations.joined(separator: " "))>"
                                + properties.joined() + "</rdf:Description>")
        }
        self.init(descriptions: descriptions)
        fields = Self.fields(metadata.tags)
        self.properties = present
    }

    /// The density (IFD0 of a TIFF or an Exif JPEG, else a PNG's pHYs) and the TIFF text tags, as tagged.
    static func fields(_ tags: [MetadataTag]) -> DescriptiveFields {
        func value(_ name: String) -> String? {
            guard let text = tags.first(where: { $0.qualifiedName == name })?.value.trimmingCharacters(in: .whitespaces),
                  !text.isEmpty else { return nil }
            return text
        }
        func number(_ name: String) -> Double? {
            guard let text = value(name) else { return nil }
            let parts = text.split(separator: "/").compactMap { Double($0) }
            let result = parts.count == 2 ? parts[0] / parts[1] : parts.count == 1 ? parts[0] : nil
            return result.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        }
        var density: PixelDensity?
        if let x = number("IFD0:XResolution"), let y = number("IFD0:YResolution") {
            // TIFF's default unit is the inch
            let unit: PixelDensity.Unit = switch value("IFD0:ResolutionUnit") {
            case "1": .none
            case "3": .centimetre
            default: .inch
            }
            density = PixelDensity(x: x, y: y, unit: unit)
        } else if let x = number("PNG-pHYs:PixelsPerUnitX"), let y = number("PNG-pHYs:PixelsPerUnitY") {
            density = value("PNG-pHYs:PixelUnits") == "1"
                ? PixelDensity(x: x / 100, y: y / 100, unit: .centimetre) : PixelDensity(x: x, y: y, unit: .none)
        }
        return DescriptiveFields(density: density, artist: value("IFD0:Artist"), copyright: value("IFD0:Copyright"),
                                 caption: value("IFD0:ImageDescription"))
    }

    /// Removes the replaced properties from an `rdf:Description` (child elements and shorthand attributes),
    /// declares on it the namespaces its ancestors declared, and returns the properties left.
    private static func strip(_ description: XMLElement) -> Set<String> {
        var left: Set<String> = []
        for child in description.children?.compactMap({ $0 as? XMLElement }) ?? [] {
            let key = "\(child.uri ?? "") \(child.localName ?? "")"
            if replaced.contains(key) { child.detach() } else { left.insert(key) }
        }
        for attribute in description.attributes ?? [] where isProperty(attribute) {
            let key = "\(attribute.uri ?? "") \(attribute.localName ?? "")"
            if replaced.contains(key), let name = attribute.name { description.removeAttribute(forName: name) } else {
                left.insert(key)
            }
        }
        var ancestor = description.parent as? XMLElement
        while let element = ancestor {
            for namespace in element.namespaces ?? []
            where description.namespaces?.contains(where: { $0.name == namespace.name }) != true {
                description.addNamespace(namespace)
            }
            ancestor = element.parent as? XMLElement
        }
        return left
    }

    /// Whether an attribute of `rdf:Description` is a property (not `rdf:about` or another RDF attribute).
    private static func isProperty(_ node: XMLNode) -> Bool {
        node.uri != "http://www.w3.org/1999/02/22-rdf-syntax-ns#" && !(node.name ?? "").hasPrefix("xmlns")
    }

    private static func elements(named name: String, in element: XMLElement?) -> [XMLElement] {
        guard let element else { return [] }
        if element.localName == name && element.uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#" { return [element] }
        return (element.children ?? []).compactMap { $0 as? XMLElement }.flatMap { elements(named: name, in: $0) }
    }

    private static func property(_ mapping: Mapping, _ value: String) -> String {
        let name = "\(mapping.prefix):\(mapping.property)"
        let text = XMLText.escaped(value)
        switch mapping.shape {
        case .simple: return "<\(name)>\(text)</\(name)>"
        case .sequence: return "<\(name)><rdf:Seq><rdf:li>\(text)</rdf:li></rdf:Seq></\(name)>"
        case .alternative: return "<\(name)><rdf:Alt><rdf:li xml:lang=\"x-default\">\(text)</rdf:li></rdf:Alt></\(name)>"
        case .exifDate: return "<\(name)>\(XMLText.escaped(exifDateAsXMP(value)))</\(name)>"
        }
    }

    /// `2020:01:02 03:04:05` → `2020-01-02T03:04:05` (XMP dates are ISO 8601); other text is kept.
    static func exifDateAsXMP(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 10, parts[0].filter({ $0 == ":" }).count == 2 else { return value }
        return parts[0].replacingOccurrences(of: ":", with: "-") + "T" + parts[1]
    }
}
