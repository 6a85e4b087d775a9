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
    /// stages as ``StageContext/suppliedMask``.
    public func run(_ image: WorkingImage, outputBitDepth: Int, suppliedMask: DamageMask? = nil) throws(RestorationError)
        -> (image: WorkingImage, steps: [AppliedStep]) {
        var current = image
        var context = StageContext(tileSize: tileSize, threads: threads)
        if let suppliedMask {
            guard suppliedMask.width == image.width, suppliedMask.height == image.height else {
                throw .refused(stage: StageContext.suppliedMask,
                               cause: "the mask is \(suppliedMask.width)×\(suppliedMask.height), "
                                   + "the image \(image.width)×\(image.height); they must match")
            }
            context.masks[StageContext.suppliedMask] = suppliedMask
        }
        for (stage, _) in stages { try stage.check(image) }
        var steps: [AppliedStep] = []
        for (stage, configured) in stages {
            let clock = ContinuousClock()
            let started = clock.now
            let output = try stage.apply(to: current, context: context)
            let blended = Self.blend(output.image, over: current, strength: configured.parameters.strength)
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
                finishedAt: Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true,
                                                                      timeZone: .gmt))))
            if let mask = output.mask { context.masks[descriptor.name] = mask }
            current = blended
        }
        return (current, steps)
    }

    /// The parameters a step records: `precision` says what arithmetic actually ran (fp32 where bf16 was
    /// asked on a CPU without it), and is left out where no model ran.
    static func recorded(_ parameters: StageParameters, precision: Precision?, ranModel: Bool) -> StageParameters {
        var recorded = parameters
        recorded.values["precision"] = ranModel ? precision.map { .text($0.rawValue) } : nil
        return recorded
    }

    /// `input + strength × (output − input)`. A gray input of a stage that outputs color (colorization) is
    /// blended as gray repeated in three planes.
    static func blend(_ output: WorkingImage, over input: WorkingImage, strength: Double) -> WorkingImage {
        if strength >= 1 { return output }
        let base = output.planes.count == input.planes.count ? input.planes : input.rgbPlanes
        let s = Float(strength)
        var result = output
        for plane in result.planes.indices {
            for i in result.planes[plane].indices {
                result.planes[plane][i] = base[plane][i] + s * (output.planes[plane][i] - base[plane][i])
            }
        }
        return result
    }

    /// The fraction of pixels where some sample differs once both are quantized to `bitDepth`.
    static func fractionChanged(from input: WorkingImage, to output: WorkingImage, bitDepth: Int) -> Double {
        guard input.pixelCount > 0 else { return 0 }
        let maximum = Float((1 << bitDepth) - 1)
        let before = output.planes.count == input.planes.count ? input.planes : input.rgbPlanes
        func level(_ value: Float) -> Float { (min(max(value, 0), 1) * maximum).rounded() }
        var changed = 0
        for pixel in 0..<input.pixelCount
        where output.planes.indices.contains(where: { level(output.planes[$0][pixel]) != level(before[$0][pixel]) }) {
            changed += 1
        }
        return Double(changed) / Double(input.pixelCount)
    }
}
