import Foundation
import Testing
@testable import Inference

/// Errors name the file and the node, and say what is wrong.
@Suite struct ErrorTests {
    @Test func truncatedFileIsCorrupt() throws {
        let fixture = FixtureCase.named("net_unet")
        let bytes = try Data(contentsOf: fixture.url(fixture.model))
        #expect {
            try Model(serialized: bytes.prefix(bytes.count / 2), file: "cut.onnx")
        } throws: { error in
            guard case .corruptModel(let file, _)? = error as? InferenceError else { return false }
            return file == "cut.onnx"
        }
    }

    @Test func garbageIsCorrupt() {
        #expect(throws: InferenceError.self) { try Model(serialized: Data("not a model".utf8), file: "x.onnx") }
    }

    @Test func unsupportedOperatorNamesTheNode() throws {
        let error = try loadError(replacing: "Relu", with: "Selu", in: "relu")
        guard case .unsupportedOperator(let at) = error else { Issue.record("got \(error)"); return }
        #expect(at.file == "relu.onnx" && at.opType == "Selu")
        #expect(error.description.contains("Selu"))
    }

    @Test func unsupportedAttributeValueIsReported() throws {
        let error = try loadError(replacing: "CRD", with: "XYZ", in: "depthtospace_crd")
        guard case .unsupportedAttribute(_, let attribute, _) = error else { Issue.record("got \(error)"); return }
        #expect(attribute == "mode")
    }

    @Test func unsupportedOpsetIsReported() throws {
        let fixture = FixtureCase.named("relu")
        var bytes = [UInt8](try Data(contentsOf: fixture.url(fixture.model)))
        // The opset import is the last field: ... 0x10 <version>; 17 -> 12.
        let position = try #require(bytes.lastIndex(of: 17))
        bytes[position] = 12
        #expect {
            try Model(serialized: Data(bytes), file: "old.onnx")
        } throws: { error in
            guard case .unsupportedOpset(_, _, let version)? = error as? InferenceError else { return false }
            return version == 12
        }
    }

    @Test func wrongChannelCountIsReported() throws {
        let session = InferenceSession(model: try FixtureCase.named("net_unet").loadModel(), threads: 1)
        #expect {
            try session.run(Tensor(shape: [1, 4, 8, 8], values: [Float](repeating: 0, count: 256)))
        } throws: { error in
            guard case .wrongInput(_, let input, let reason)? = error as? InferenceError else { return false }
            return input == "x" && reason.contains("3 channels")
        }
    }

    @Test func wrongRankIsReported() throws {
        let session = InferenceSession(model: try FixtureCase.named("net_unet").loadModel(), threads: 1)
        #expect(throws: InferenceError.self) { try session.run(Tensor(shape: [3, 8, 8], values: [Float](repeating: 0, count: 192))) }
    }

    @Test func missingInitializerIsReported() throws {
        let error = try loadError(replacing: "w", with: "q", in: "conv_3x3_pad1")
        guard case .missingInitializer(let at, _) = error else { Issue.record("got \(error)"); return }
        #expect(at.opType == "Conv")
    }

    /// Loads fixture `name` with the first occurrence of the string `old` in its bytes (the first
    /// node's, as nodes are serialized first) replaced by `new` (same length), and returns the load error.
    private func loadError(replacing old: String, with new: String, in name: String) throws -> InferenceError {
        let fixture = FixtureCase.named(name)
        var bytes = [UInt8](try Data(contentsOf: fixture.url(fixture.model)))
        let pattern = [UInt8](old.utf8), replacement = [UInt8](new.utf8)
        var index = 1, replaced = false
        while !replaced && index + pattern.count <= bytes.count {
            // Strings in protobuf are length-prefixed: match whole strings only.
            if Int(bytes[index - 1]) == pattern.count, Array(bytes[index..<index + pattern.count]) == pattern {
                bytes.replaceSubrange(index..<index + pattern.count, with: replacement)
                replaced = true
            }
            index += 1
        }
        #expect(replaced)
        do {
            _ = try Model(serialized: Data(bytes), file: "\(name).onnx")
        } catch {
            return error  // typed: Model's initializer throws only InferenceError
        }
        Issue.record("\(name) with \(new) loaded")
        return .corruptModel(file: "", reason: "")
    }
}
