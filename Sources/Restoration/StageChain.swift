import Disclosure
import Foundation
import Inference

/// Stages run in order on one image: each stage's output, blended with its input by `strength`, is the
/// next stage's input, and each stage's mask is offered to the stages after it.
///
/// ```swift
/// let chain = try StageChain(pipeline.stages, models: ModelStore(directory: "Models"))
/// let (restored, steps) = try chain.run(WorkingImage(decoded), outputBitDepth: 16)
/// ```
public struct StageChain: Sendable {
    /// Which stage of how many is running.
    public struct ChainPlace: Sendable, Equatable {
        public var stage: String
        /// From 0.
        public var position: Int
        public var count: Int

        public init(stage: String, position: Int, count: Int) {
            self.stage = stage
            self.position = position
            self.count = count
        }
    }

    /// Hears how far the chain is: the stage, and the fraction of its work on this image that is done.
    public typealias ChainProgress = @Sendable (_ place: ChainPlace, _ fraction: Double) -> Void

    private let stages: [(stage: any Stage, configured: ConfiguredStage)]
    private let tileSize: Int
    private let threads: Int

    /// Makes every stage (loading and hash-checking models) before any pixel is touched, so a missing or
    /// altered model fails the run at once.
    public init(_ configured: [ConfiguredStage], models: ModelStore, tileSize: Int = StageContext.defaultTileSize, threads: Int = 2)
        throws(RestorationError) {
        var stages: [(stage: any Stage, configured: ConfiguredStage)] = []
        for entry in configured {
            stages.append((try entry.type.init(parameters: entry.parameters, models: models), entry))
        }
        self.stages = stages
        self.tileSize = tileSize
        self.threads = threads
    }

    /// Runs the stages on `image`. `outputBitDepth` is the depth the result will be written at: a pixel
    /// counts as changed when one of its samples differs at that depth. `suppliedMask` is offered to the
    /// stages as ``StageContext/suppliedMask``; `painted` takes the place of one stage's mask (that stage is
    /// not applied). `progress` hears each stage start (fraction 0), what it reports on the way, and its end (1).
    public func run(_ image: consuming WorkingImage, outputBitDepth: Int, suppliedMask: DamageMask? = nil,
                    painted: PaintedMask? = nil, progress: ChainProgress? = nil) throws(RestorationError)
        -> (image: WorkingImage, steps: [AppliedStep]) {
        var context = StageContext(tileSize: tileSize, threads: threads)
        if let suppliedMask {
            try Self.checkSize(of: suppliedMask, named: StageContext.suppliedMask, for: image)
            context.masks[StageContext.suppliedMask] = suppliedMask
        }
        if let painted {
            guard stages.indices.contains(painted.position) else {
                throw .refused(stage: "step \(painted.position)", cause: "the chain has \(stages.count) stages")
            }
            let descriptor = stages[painted.position].configured.descriptor
            guard !descriptor.altersPixels else {
                throw .refused(stage: descriptor.name, cause: "it changes pixels; only the mask of a stage that "
                               + "changes none (a detector) can be painted in its place")
            }
            try Self.checkSize(of: painted.mask, named: descriptor.name, for: image)
        }
        for (stage, _) in stages { try stage.check(image) }
        // The chain owns the image (consumed): once a stage's result replaces it, the input's planes are let
        // go, so no more than a stage's input and result are held at once (12 bytes a pixel each).
        var current = consume image
        var steps: [AppliedStep] = []
        for (position, (stage, configured)) in stages.enumerated() {
            if let painted, painted.position == position {
                steps.append(Self.paintedStep(painted.mask, configured))
                context.masks[configured.descriptor.name] = painted.mask
                continue
            }
            let clock = ContinuousClock()
            let started = clock.now
            let place = ChainPlace(stage: configured.descriptor.name, position: position, count: stages.count)
            if let progress {
                context.reportProgress = { @Sendable fraction in progress(place, fraction) }
            }
            progress?(place, 0)
            var output = try stage.apply(to: current, context: context)
            progress?(place, 1)
            // The stage's image leaves `output`, so the blend below changes its planes in place instead of copying them.
            let image = output.image
            output.image.planes = []
            let blended = Self.blend(consume image, over: current, strength: configured.parameters.strength)
            let descriptor = configured.descriptor
            steps.append(AppliedStep(
                stage: descriptor.name, stageVersion: descriptor.version, method: output.method ?? stage.method,
                parameters: Self.recorded(configured.parameters, precision: stage.precision,
                                          ranModel: (output.method ?? stage.method).model != nil),
                fractionChanged: Self.fractionChanged(from: current, to: blended, bitDepth: outputBitDepth),
                mask: output.mask, regions: output.regions, duration: clock.now - started,
                disclosure: output.disclosure ?? configured.type.disclosure(for: configured.parameters),
                altersPixels: descriptor.altersPixels, invents: descriptor.invents,
                usedSuppliedMask: suppliedMask != nil && descriptor.takesSuppliedMask(configured.parameters),
                finishedAt: Self.now()))
            if let mask = output.mask { context.masks[descriptor.name] = mask }
            current = blended
        }
        return (current, steps)
    }

    private static func checkSize(of mask: DamageMask, named name: String, for image: WorkingImage) throws(RestorationError) {
        guard mask.width == image.width, mask.height == image.height else {
            throw .refused(stage: name, cause: "the mask is \(mask.width)×\(mask.height), "
                               + "the image \(image.width)×\(image.height); they must match")
        }
    }

    /// The step of a stage whose mask a person painted: that mask, its regions, no pixel changed.
    private static func paintedStep(_ mask: DamageMask, _ configured: ConfiguredStage) -> AppliedStep {
        let descriptor = configured.descriptor
        return AppliedStep(
            stage: descriptor.name, stageVersion: descriptor.version, method: .paintedMask,
            parameters: configured.parameters, fractionChanged: 0, mask: mask, regions: RegionSummary(marked: mask),
            duration: .zero, disclosure: configured.type.disclosure(for: configured.parameters),
            altersPixels: false, invents: descriptor.invents, usedSuppliedMask: false, finishedAt: now())
    }

    private static func now() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// The parameters a step records: `precision` says what arithmetic actually ran (fp32 where bf16 was
    /// asked on a CPU without it), and is left out where no model ran.
    static func recorded(_ parameters: StageParameters, precision: Precision?, ranModel: Bool) -> StageParameters {
        var recorded = parameters
        recorded.values["precision"] = ranModel ? precision.map { .text($0.rawValue) } : nil
        return recorded
    }

    /// `input + strength × (output − input)`. A gray input of a stage that outputs color (colorization) is
    /// blended as gray repeated in three planes; the input of a stage that resizes, enlarged bilinearly.
    static func blend(_ output: consuming WorkingImage, over input: WorkingImage, strength: Double) -> WorkingImage {
        var result = output
        if strength >= 1 { return result }
        var base = result.planes.count == input.planes.count ? input.planes : input.rgbPlanes
        if result.width != input.width || result.height != input.height {
            let sampling = BilinearSampling(from: (input.width, input.height), to: (result.width, result.height))
            base = base.map(sampling.resampled)
        }
        let s = Float(strength)
        for plane in result.planes.indices {
            base[plane].withUnsafeBufferPointer { from in
                result.planes[plane].withUnsafeMutableBufferPointer { to in
                    for i in to.indices { to[i] = from[i] + s * (to[i] - from[i]) }
                }
            }
        }
        return result
    }

    /// The fraction of pixels where some sample differs once both are quantized to `bitDepth`; all of them
    /// when the stage resized the image (no output pixel is one of the input's).
    static func fractionChanged(from input: WorkingImage, to output: WorkingImage, bitDepth: Int) -> Double {
        guard input.pixelCount > 0 else { return 0 }
        guard input.width == output.width, input.height == output.height else { return 1 }
        let maximum = Float((1 << bitDepth) - 1)
        let before = output.planes.count == input.planes.count ? input.planes : input.rgbPlanes
        let count = input.pixelCount
        // Plane by plane into one flag per pixel, so each pass is a straight loop over two planes.
        var differs = [UInt8](repeating: 0, count: count)
        for (after, previous) in zip(output.planes, before) {
            after.withUnsafeBufferPointer { after in
                previous.withUnsafeBufferPointer { previous in
                    differs.withUnsafeMutableBufferPointer { differs in
                        for pixel in 0..<count {
                            let changed = WorkingImage.quantized(after[pixel], maximum) != WorkingImage.quantized(previous[pixel], maximum)
                            differs[pixel] |= changed ? 1 : 0
                        }
                    }
                }
            }
        }
        return Double(differs.reduce(0) { $0 + Int($1) }) / Double(count)
    }
}
