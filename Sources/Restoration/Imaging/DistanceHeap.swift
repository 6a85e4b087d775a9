/// A binary min-heap of pixels by distance: the fast marching method's narrow band. Equal distances come
/// out by pixel index, so a fill is the same on every run.
struct DistanceHeap {
    private var items: [(distance: Float, index: Int)] = []

    private static func precedes(_ a: (distance: Float, index: Int), _ b: (distance: Float, index: Int)) -> Bool {
        a.distance != b.distance ? a.distance < b.distance : a.index < b.index
    }

    mutating func push(_ distance: Float, _ index: Int) {
        items.append((distance, index))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (distance: Float, index: Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var parent = 0
        while true {
            let (left, right) = (2 * parent + 1, 2 * parent + 2)
            var smallest = parent
            if left < items.count && Self.precedes(items[left], items[smallest]) { smallest = left }
            if right < items.count && Self.precedes(items[right], items[smallest]) { smallest = right }
            guard smallest != parent else { return first }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
