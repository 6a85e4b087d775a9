import Testing
@testable import Inference

/// Every fixture (each operator/attribute combination and the end-to-end networks) against ONNX Runtime.
@Suite struct OperatorParityTests {
    @Test(arguments: FixtureCase.all)
    func matchesONNXRuntime(_ fixture: FixtureCase) throws {
        let model = try fixture.loadModel()
        let session = InferenceSession(model: model, threads: 2)
        let outputs = try session.run(try fixture.loadInputs())
        for (name, expected) in try fixture.loadOutputs() {
            let actual = try #require(outputs[name], "output \(name) missing")
            let worst = Tolerance.worst(actual, expected)
            #expect(worst != nil, "\(name): shape \(actual.shape), expected \(expected.shape)")
            #expect((worst ?? 0) <= 1, "\(name): error \((worst ?? 0) * Tolerance.bound) over tolerance")
        }
    }

    @Test func convolutionFoldsBatchNormalizationAndFusesActivation() throws {
        let model = try FixtureCase.named("conv_bn_relu_fused").loadModel()
        #expect(model.nodes.map(\.location.opType) == ["Conv"])
    }

    @Test func shapeSubgraphFoldsAtPlanning() throws {
        let fixture = FixtureCase.named("shape_subgraph_folded")
        let plan = try ExecutionPlan(model: try fixture.loadModel(), inputShapes: ["x": [1, 2, 3, 4]])
        #expect(plan.steps.map(\.location.opType) == ["Resize", "Reshape"])
    }
}
