/// One 8-connected region of marked pixels in a mask: a speck of dust, a scratch, a tear.
struct MaskRegion: Sendable {
    /// Flat indices (`y × width + x`) of the region's pixels.
    var pixels: [Int]
    /// The width of the mask the indices are in.
    var imageWidth: Int
    var minX: Int
    var minY: Int
    var maxX: Int
    var maxY: Int

    var area: Int { pixels.count }
    var width: Int { maxX - minX + 1 }
    var height: Int { maxY - minY + 1 }

    /// Every region of `mask`, in the order of their first pixel (row by row). A flood fill with an explicit
    /// stack, so a region as large as the image cannot overflow the call stack.
    static func regions(of mask: DamageMask) -> [MaskRegion] {
        let (width, height) = (mask.width, mask.height)
        var visited = [Bool](repeating: false, count: mask.values.count)
        var stack: [Int] = []
        var regions: [MaskRegion] = []
        for start in mask.values.indices where mask.values[start] == 1 && !visited[start] {
            var region = MaskRegion(pixels: [], imageWidth: width, minX: start % width, minY: start / width,
                                    maxX: start % width, maxY: start / width)
            stack.append(start)
            visited[start] = true
            while let pixel = stack.popLast() {
                region.pixels.append(pixel)
                let (x, y) = (pixel % width, pixel / width)
                region.minX = min(region.minX, x)
                region.maxX = max(region.maxX, x)
                region.maxY = max(region.maxY, y)
                for ny in max(y - 1, 0)...min(y + 1, height - 1) {
                    for nx in max(x - 1, 0)...min(x + 1, width - 1) {
                        let neighbour = ny * width + nx
                        if mask.values[neighbour] == 1 && !visited[neighbour] {
                            visited[neighbour] = true
                            stack.append(neighbour)
                        }
                    }
                }
            }
            regions.append(region)
        }
        return regions
    }

    /// The width of the region's widest part: twice the largest distance from one of its pixels to the
    /// nearest unmarked pixel, less one, so a line one pixel wide is 1 and a 5×5 square is 5. Distances are a
    /// two-pass chamfer (steps 1 and √2) over the bounding box, so the cost is the box's, not the image's.
    func holeWidth() -> Int {
        // the box with a one-pixel margin, so every region pixel has its unmarked neighbours inside
        let (boxWidth, boxHeight) = (width + 2, height + 2)
        var distance = [Float](repeating: 0, count: boxWidth * boxHeight)
        for pixel in pixels { distance[index(ofFlat: pixel, boxWidth: boxWidth)] = .infinity }
        let diagonal = Float(2).squareRoot()
        let forward = [(-1, 0, Float(1)), (-1, -1, diagonal), (0, -1, Float(1)), (1, -1, diagonal)]
        for y in 1..<boxHeight - 1 {
            for x in 1..<boxWidth - 1 where distance[y * boxWidth + x] > 0 {
                for (dx, dy, step) in forward {
                    distance[y * boxWidth + x] = min(distance[y * boxWidth + x], distance[(y + dy) * boxWidth + x + dx] + step)
                }
            }
        }
        var largest: Float = 0
        for y in stride(from: boxHeight - 2, through: 1, by: -1) {
            for x in stride(from: boxWidth - 2, through: 1, by: -1) where distance[y * boxWidth + x] > 0 {
                for (dx, dy, step) in forward {
                    distance[y * boxWidth + x] = min(distance[y * boxWidth + x], distance[(y - dy) * boxWidth + x - dx] + step)
                }
                largest = max(largest, distance[y * boxWidth + x])
            }
        }
        return max(1, Int((2 * largest - 1).rounded()))
    }

    /// The position of image pixel `flat` in the bounding box with its one-pixel margin.
    private func index(ofFlat flat: Int, boxWidth: Int) -> Int {
        (flat / imageWidth - minY + 1) * boxWidth + (flat % imageWidth - minX + 1)
    }
}
