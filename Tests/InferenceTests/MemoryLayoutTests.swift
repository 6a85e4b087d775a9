import Foundation
import Testing
@testable import Inference

/// The slab layout: no two tensors alive at once share bytes, the slab is no larger than the tensors need at
/// their peak, Concat parts are written in place, and a session's runs leave nothing behind for the next.
@Suite struct MemoryLayoutTests {
    private static let shippedDetector = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../Models/damage-unet@4.onnx").standardized

    private func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var state = seed
        return Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        })
    }

    /// Each step output's region and the steps it must survive (producer through last reader, views followed),
    /// found from the plan alone, independently of the layout's own bookkeeping.
    private func lifetimes(_ plan: ExecutionPlan) -> [(region: MemoryLayout.Region, first: Int, last: Int)] {
        var base: [Int: Int] = [:]   // a view's slot -> the slot whose memory it shares
        var last: [Int: Int] = [:]
        var produced: [Int: (step: Int, index: Int)] = [:]
        for (position, step) in plan.steps.enumerated() {
            for case let slot? in step.inputs { last[base[slot] ?? slot] = position }
            for (index, slot) in step.outputs.enumerated() {
                if step.op.outputsMayShareInputs, let source = step.inputs.first ?? nil {
                    base[slot] = base[source] ?? source
                } else {
                    produced[slot] = (position, index)
                    last[slot] = max(last[slot] ?? position, position)
                }
            }
        }
        var result: [(MemoryLayout.Region, Int, Int)] = []
        for (slot, origin) in produced {
            guard let region = plan.memory.outputs[origin.step][origin.index] else { continue }
            result.append((region, origin.step, last[slot] ?? origin.step))
        }
        for (position, region) in plan.memory.scratch.enumerated() {
            if let region { result.append((region, position, position)) }
        }
        return result
    }

    /// The most bytes of step outputs and scratch alive during any one step: what an arena without in-place
    /// Concat must hold at least.
    private func peakLiveBytes(_ plan: ExecutionPlan) -> Int {
        let spans = lifetimes(plan)
        return plan.steps.indices.map { step in
            spans.filter { $0.first <= step && step <= $0.last }.map(\.region.bytes).reduce(0, +)
        }.max() ?? 0
    }

    private func checkNoLiveOverlap(_ plan: ExecutionPlan) {
        let spans = lifetimes(plan)
        for (i, a) in spans.enumerated() {
            for b in spans[(i + 1)...] where a.first <= b.last && b.first <= a.last {
                let (ra, rb) = (a.region, b.region)
                let disjoint = ra.offset + ra.bytes <= rb.offset || rb.offset + rb.bytes <= ra.offset
                // A Concat part lies inside the Concat's output: the part is written there, the Concat reads it in place.
                let nested = (ra.offset >= rb.offset && ra.offset + ra.bytes <= rb.offset + rb.bytes)
                    || (rb.offset >= ra.offset && rb.offset + rb.bytes <= ra.offset + ra.bytes)
                #expect(disjoint || nested, "\(ra) and \(rb) overlap while both alive")
                #expect(ra.offset + ra.bytes <= plan.memory.slabBytes && rb.offset + rb.bytes <= plan.memory.slabBytes)
            }
        }
    }

    @Test(arguments: ["net_unet", "net_denoiser", "net_upsampler", "concat_channels", "split_sizes", "reshape_infer_and_copy"])
    func tensorsAliveAtOnceNeverShareBytes(_ name: String) throws {
        let model = try FixtureCase.named(name).loadModel()
        let session = InferenceSession(model: model, threads: 2)
        for side in [16, 40] {
            let shapes = Dictionary(uniqueKeysWithValues: model.inputs.map { input in
                (input.name, input.dimensions.enumerated().map { $0.element ?? ($0.offset < 2 ? 1 : side) })
            })
            guard let plan = try? session.plan(for: shapes) else { continue }
            checkNoLiveOverlap(plan)
        }
    }

    /// The shipped detector on the window `process` runs it on (1024 core + 88 px halo): the slab holds less
    /// than the tensors alive at the peak would take without in-place Concat (387 MiB); the arena that reused
    /// memory by exact size held 600 MiB.
    @Test func theDetectorsWindowFitsInLessThanItsPeakOfLiveTensors() throws {
        let model = try Model(contentsOf: Self.shippedDetector)
        let plan = try InferenceSession(model: model, threads: 2).plan(for: [model.inputs[0].name: [1, 3, 1200, 1200]])
        checkNoLiveOverlap(plan)
        let peak = peakLiveBytes(plan)
        #expect(plan.memory.slabBytes < peak, "slab \(plan.memory.slabBytes >> 20) MiB, peak live \(peak >> 20) MiB")
        #expect(peak > 300 << 20)
    }

    @Test func concatPartsAreWrittenWhereTheConcatPutsThem() throws {
        let model = try FixtureCase.named("net_unet").loadModel()
        let plan = try InferenceSession(model: model, threads: 1).plan(for: [model.inputs[0].name: [1, 3, 64, 64]])
        var inPlace = 0
        for (position, step) in plan.steps.enumerated() where step.op is Concat {
            guard let output = plan.memory.outputs[position][0] else { continue }
            for case let part? in step.inputs {
                guard let producer = plan.steps.firstIndex(where: { $0.outputs.contains(part) }),
                      let index = plan.steps[producer].outputs.firstIndex(of: part),
                      let region = plan.memory.outputs[producer][index] else { continue }
                if region.offset >= output.offset && region.offset + region.bytes <= output.offset + output.bytes { inPlace += 1 }
            }
        }
        #expect(inPlace >= 2)
    }

    /// Runs reuse the slab: a second run on another input equals a fresh session's run, and the first run's
    /// output is untouched by the second.
    @Test(arguments: ["net_unet", "net_denoiser", "net_upsampler"])
    func aRunLeavesNothingBehindForTheNext(_ name: String) throws {
        let model = try FixtureCase.named(name).loadModel()
        let channels = model.inputs[0].dimensions[1] ?? 3
        let (first, second) = (random([1, channels, 48, 40], seed: 1), random([1, channels, 48, 40], seed: 2))
        let session = InferenceSession(model: model, threads: 2)
        let firstOutput = try session.run(first)
        let kept = firstOutput.values
        let secondOutput = try session.run(second)
        #expect(secondOutput.values == (try InferenceSession(model: model, threads: 2).run(second)).values)
        #expect(firstOutput.values == kept)
    }
}
