import Foundation
import Inference

/// Models a long-lived ``ModelStore`` keeps loaded between runs, so that a daemon or a batch does not read,
/// hash and parse every model again for each original (for damage-unet about 60 ms a job, on 1024×768
/// scans a tenth of the run). A model is kept under the card it was checked against (name, version,
/// SHA-256) and the precision it was loaded in: a new card, or the same card with another hash, loads
/// anew. What is kept ran the check once; a file changed on disk afterwards is not what runs, and
/// provenance names the hash of what does (`models verify` finds the changed file).
///
/// Bounded by the models' ONNX bytes (weights dominate a loaded model): past `capacity`, the least
/// recently used are let go.
public final class LoadedModels: @unchecked Sendable {
    public let capacity: Int
    /// Guards `entries`.
    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [(key: Key, model: StoredModel, bytes: Int)] = []

    struct Key: Equatable {
        var name: String
        var version: String
        var sha256: String
        var precision: Precision
    }

    /// `capacity` in bytes of ONNX files (default 256 MiB: every shipped model many times over).
    public init(capacity: Int = 256 << 20) {
        self.capacity = capacity
    }

    /// The number of models kept now.
    public var count: Int { lock.withLock { entries.count } }

    /// The model kept for `card` in `precision`, or the one `load` gives (kept, when it fits).
    func model(for card: ModelCard, precision: Precision,
               load: () throws(RestorationError) -> (model: StoredModel, bytes: Int)) throws(RestorationError) -> StoredModel {
        let key = Key(name: card.name, version: card.version, sha256: card.sha256, precision: precision)
        if let kept = lock.withLock({ () -> StoredModel? in
            guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = entries.remove(at: index)
            entries.append(entry)
            return entry.model
        }) {
            return kept
        }
        // Loaded outside the lock: two workers asking at once both load, and the second keeps its own.
        let (model, bytes) = try load()
        lock.withLock {
            entries.removeAll { $0.key == key }
            entries.append((key, model, bytes))
            var total = entries.reduce(0) { $0 + $1.bytes }
            while total > capacity, let oldest = entries.first {
                total -= oldest.bytes
                entries.removeFirst()
            }
        }
        return model
    }
}
