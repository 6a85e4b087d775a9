/// What an encoder writes about an image besides its pixels and profile, in the format's own fields, so
/// that a reader that never looks at XMP (a TIFF viewer, `exiftool -validate`, a print workflow) still
/// finds the scan's resolution and who holds the rights.
///
/// ```swift
/// var image = derivative
/// image.descriptiveFields = DescriptiveFields(density: PixelDensity(x: 600, y: 600, unit: .inch),
///                                      artist: "A. Photographer", copyright: "© Museum", caption: nil)
/// ```
///
/// - TIFF: XResolution, YResolution and ResolutionUnit (always: baseline TIFF requires them; without a
///   known density they say 1 per unit "none"), Artist, Copyright, ImageDescription.
/// - PNG: pHYs (metres or no unit).
/// - JPEG: the JFIF density.
public struct DescriptiveFields: Sendable, Equatable {
    public var density: PixelDensity?
    public var artist: String?
    public var copyright: String?
    public var caption: String?

    public init(density: PixelDensity? = nil, artist: String? = nil, copyright: String? = nil, caption: String? = nil) {
        self.density = density
        self.artist = artist
        self.copyright = copyright
        self.caption = caption
    }

    /// The fields of an image made `factor` times as wide and high from this one: the same print size, so
    /// `factor` times the pixels per unit.
    public func enlarged(by factor: Int) -> DescriptiveFields {
        var fields = self
        if let density, factor != 1 {
            fields.density = PixelDensity(x: density.x * Double(factor), y: density.y * Double(factor), unit: density.unit)
        }
        return fields
    }
}

/// Pixels per unit along each axis, as scanned.
public struct PixelDensity: Sendable, Equatable {
    public enum Unit: Sendable, Equatable {
        /// Only the aspect ratio is known.
        case none
        case inch
        case centimetre
    }

    public var x: Double
    public var y: Double
    public var unit: Unit

    public init(x: Double, y: Double, unit: Unit) {
        self.x = x
        self.y = y
        self.unit = unit
    }

    /// Pixels per metre (PNG's unit) for inch and centimetre; the numbers as they are for `none`.
    var perMetre: (x: UInt32, y: UInt32) {
        let factor = switch unit {
        case .none: 1.0
        case .inch: 100 / 2.54
        case .centimetre: 100.0
        }
        return (UInt32(clamping: Int((x * factor).rounded())), UInt32(clamping: Int((y * factor).rounded())))
    }
}
