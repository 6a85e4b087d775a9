import Disclosure

extension RegionSummary {
    /// The summary of `regions`; `method(i)` names what filled region `i`, when the step chose per region.
    init(_ regions: [MaskRegion], method: (Int) -> String? = { _ in nil }, dropped: [String: Int] = [:]) {
        var filledBy: [String: Int] = [:]
        for index in regions.indices { if let name = method(index) { filledBy[name, default: 0] += 1 } }
        let largest = regions.indices.sorted { a, b in
            regions[a].area != regions[b].area ? regions[a].area > regions[b].area : a < b
        }.prefix(Self.boxLimit)
        self.init(count: regions.count, area: regions.reduce(0) { $0 + $1.area },
                  boxes: largest.map { index in
                      let region = regions[index]
                      return Box(x: region.minX, y: region.minY, width: region.width, height: region.height,
                                 area: region.area, method: method(index))
                  },
                  filledBy: filledBy, dropped: dropped)
    }

    /// The regions of `mask`, each only marked.
    public init(marked mask: DamageMask) {
        self.init(MaskRegion.regions(of: mask))
    }
}
