/// What a step makes up that the photograph never recorded, declared by the stage that does it and recorded
/// with each step, so that a report or a reviewer can say so in words ("the colors are invented") without
/// knowing any stage by name: a renamed or a new colorizing stage declares ``colors`` and is disclosed the same.
public enum InventedContent: String, Sendable, Codable, CaseIterable {
    /// Picture content painted where the photograph is damaged or missing (inpainting, by a model or Telea),
    /// or the detail a super-resolution model paints between the photograph's own pixels.
    case imageContent = "image-content"
    /// The colors of a photograph that recorded none (colorization): the whole picture's color is a guess.
    case colors
}
