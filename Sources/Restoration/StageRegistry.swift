/// Every stage a pipeline can name. Adding a stage = one file in `Stages/` and one entry here.
public enum StageRegistry {
    public static let stages: [any Stage.Type] = [
        DamageDetection.self, Inpainting.self, ColorRestoration.self, Colorization.self, Denoising.self,
        Upscaling.self, Sharpening.self,
    ]

    /// The stage called `name`.
    public static func stage(named name: String) -> (any Stage.Type)? {
        stages.first { $0.descriptor.name == name }
    }

    /// The names, in the order above, for error messages.
    public static var names: [String] { stages.map { $0.descriptor.name } }
}
