import Fixity
import ImageSource
import Raster
import Restoration

/// A mask file given with a run (`process --mask`): what a conservator marked for the `supplied` mask of
/// a pipeline's stages. The file is read and hashed before any pixel of the original is touched, and the
/// steps that use it record its path and SHA-256, so the provenance names exactly which mask was used.
struct SuppliedMask {
    var path: String
    var sha256: String
    var mask: DamageMask

    /// The mask `path` names, or nil when the pipeline takes none. A pipeline that needs a mask and is
    /// given none, or is given one it would not use, is refused: a silently ignored mask is a wrong record.
    static func load(_ path: String?, for pipeline: Pipeline) throws(PipelineError) -> SuppliedMask? {
        switch (path, pipeline.needsSuppliedMask) {
        case (nil, false):
            return nil
        case (nil, true):
            throw .source(file: pipeline.file, cause: "a stage takes its mask from a supplied file "
                          + "(mask: \(StageContext.suppliedMask)); give one with --mask FILE")
        case (let path?, false):
            throw .source(file: path, cause: "pipeline \(pipeline.name) has no stage with "
                          + "mask: \(StageContext.suppliedMask), so this mask would not be used")
        case (let path?, true):
            let file: MappedFile
            let image: RasterImage
            do {
                file = try MappedFile(path: path)
                image = try ImageDecoder.decode(file)
            } catch {
                throw .source(file: path, cause: "cannot read the mask: \(error)")
            }
            let sha256 = file.withBytes { ContentHash.sha256($0) }
            return SuppliedMask(path: path, sha256: sha256, mask: DamageMask(painted: image))
        }
    }

    /// `step` with the mask file's path and SHA-256 among its parameters when it used this mask.
    func recorded(_ step: AppliedStep) -> AppliedStep {
        guard step.usedSuppliedMask else { return step }
        var step = step
        step.parameters.values["mask-file"] = .text(path)
        step.parameters.values["mask-file-sha256"] = .text(sha256)
        return step
    }
}
