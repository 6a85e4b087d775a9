/// The IPTC Digital Source Type a step discloses (cv.iptc.org/newscodes/digitalsourcetype), written to the
/// derivative's XMP as `Iptc4xmpExt:DigitalSourceType`.
///
/// Cases are ordered from the weakest to the strongest claim, so that a derivative made by several steps
/// discloses the strongest: `steps.map(\.disclosure).max()`.
public enum DigitalSourceType: String, Sendable, Codable, CaseIterable, Comparable {
    /// Enhancement that does not change what the picture shows: color restoration, denoising, sharpening.
    case algorithmicallyEnhanced
    /// Content made up by an algorithm that learned nothing from data and composited into the photograph: a
    /// classical fill (Telea inpainting). It still invents pixels, so it is an edit, not an enhancement.
    case compositeSynthetic
    /// Content made up by a trained model and composited into the photograph: inpainting, colorization.
    case compositeWithTrainedAlgorithmicMedia

    /// The IPTC controlled vocabulary the terms belong to.
    public static let vocabulary = "http://cv.iptc.org/newscodes/digitalsourcetype/"

    /// The controlled-vocabulary URI, as XMP and reports carry it.
    public var uri: String { Self.vocabulary + rawValue }

    /// Whether a step of this class puts content into the picture that the photograph did not hold
    /// (filled or invented pixels), which is what a pipeline's `review-above` measures.
    public var invents: Bool { self != .algorithmicallyEnhanced }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
