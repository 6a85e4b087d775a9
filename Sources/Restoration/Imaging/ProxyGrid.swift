/// The grid of a whole-image proxy: the image scaled to a long side (never up), aspect ratio kept, and
/// padded by mirroring to the multiple a network needs, so that any size from a sliver to a 100 MP scan
/// gives the network a valid input and the same global view.
///
/// ```swift
/// let grid = ProxyGrid(width: 6000, height: 4000, longSide: 256, multiple: 8)   // 256×171, padded 256×176
/// let input = grid.pad(small)            // paddedWidth × paddedHeight
/// let a = grid.crop(output, plane: 0)    // width × height
/// ```
struct ProxyGrid: Equatable {
    /// The proxy's size.
    let width: Int
    let height: Int
    /// The size the network sees.
    let paddedWidth: Int
    let paddedHeight: Int

    init(width imageWidth: Int, height imageHeight: Int, longSide: Int, multiple: Int) {
        let scale = min(1, Double(longSide) / Double(max(imageWidth, imageHeight)))
        width = max(1, Int((Double(imageWidth) * scale).rounded()))
        height = max(1, Int((Double(imageHeight) * scale).rounded()))
        paddedWidth = (width + multiple - 1) / multiple * multiple
        paddedHeight = (height + multiple - 1) / multiple * multiple
    }

    /// `plane` (width × height) extended to the padded size by mirroring at the right and bottom edges.
    func pad(_ plane: [Float]) -> [Float] {
        var padded = [Float](repeating: 0, count: paddedWidth * paddedHeight)
        for y in 0..<paddedHeight {
            let sourceRow = Self.mirror(y, count: height) * width
            for x in 0..<paddedWidth {
                padded[y * paddedWidth + x] = plane[sourceRow + Self.mirror(x, count: width)]
            }
        }
        return padded
    }

    /// Plane `plane` of a padded N-plane tensor's values, cropped back to width × height.
    func crop(_ values: [Float], plane: Int) -> [Float] {
        let start = plane * paddedWidth * paddedHeight
        var cropped = [Float](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { cropped[y * width + x] = values[start + y * paddedWidth + x] }
        }
        return cropped
    }

    /// Index `index` reflected into `0..<count` (…2 1 0 1 2…, periodic for any distance): reflection without
    /// repeating the edge, as ONNX's and NumPy's "reflect"; a single sample is repeated.
    static func mirror(_ index: Int, count: Int) -> Int {
        guard count > 1 else { return 0 }
        let period = 2 * (count - 1)
        let folded = ((index % period) + period) % period
        return folded < count ? folded : period - folded
    }
}
