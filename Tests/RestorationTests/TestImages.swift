import Foundation
import Raster
import Restoration

/// Images and folders the tests build, so every expectation is known exactly.
enum TestImages {
    /// The committed fixture models (hand-set weights, see Fixtures/make_models.py; not trained models).
    static let models = ModelStore(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/models").path)

    /// A white image with a black `side`×`side` square whose top-left corner is at (`x`, `y`).
    static func whiteWithBlackSquare(width: Int, height: Int, x: Int, y: Int, side: Int, gray: Bool = false) -> WorkingImage {
        let plane = (0..<(width * height)).map { index -> Float in
            let (px, py) = (index % width, index / width)
            return (x..<(x + side)).contains(px) && (y..<(y + side)).contains(py) ? 0 : 1
        }
        return WorkingImage(width: width, height: height, planes: gray ? [plane] : [plane, plane, plane])
    }

    /// A smooth RGB gradient with distinct channels.
    static func gradient(width: Int, height: Int) -> WorkingImage {
        let count = width * height
        let r = (0..<count).map { Float($0 % width) / Float(max(width - 1, 1)) }
        let g = (0..<count).map { Float($0 / width) / Float(max(height - 1, 1)) }
        let b = (0..<count).map { 0.2 + 0.6 * Float(($0 % width + $0 / width) % 7) / 6 }
        return WorkingImage(width: width, height: height, planes: [r, g, b])
    }

    /// Channel `plane`'s mean over the 3×3 neighbourhood of (x, y), zero outside the image: what the fixture
    /// test-denoiser gives, and test-upscaler repeats over 2×2 blocks.
    static func boxMean(_ image: WorkingImage, _ plane: Int, _ x: Int, _ y: Int) -> Float {
        var sum: Float = 0
        for dy in -1...1 {
            for dx in -1...1 where (0..<image.width).contains(x + dx) && (0..<image.height).contains(y + dy) {
                sum += image.planes[plane][(y + dy) * image.width + x + dx]
            }
        }
        return sum / 9
    }

    static func parameters(_ type: any Stage.Type, _ given: [String: ParameterValue] = [:]) -> StageParameters {
        StageParameters(given: given, descriptor: type.descriptor)
    }

    /// A fresh empty folder.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "restoration-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
