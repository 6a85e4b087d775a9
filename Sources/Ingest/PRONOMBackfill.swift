import Catalog
import Fixity
import ImageSource
import Metadata

/// Fills in the PRONOM identifier of objects recorded before the catalog kept one (`conservator init` runs it
/// after migrating): the SQL migration can add the column but cannot read the files.
///
/// Each object is read at the first of its paths that still holds its recorded bytes; the bytes are
/// identified exactly as ingest and the pipeline identify new files. An object none of whose paths holds
/// those bytes (moved by hand, changed, deleted) is left without a PUID and counted: `conservator verify`
/// is the tool that says what happened to it.
public enum PRONOMBackfill {
    /// What a backfill did.
    public struct Outcome: Sendable, Equatable {
        /// Objects given a PUID.
        public var identified = 0
        /// Objects whose bytes were found but are no format PRONOM has a signature for (BigTIFF).
        public var unidentifiable = 0
        /// Objects with no path holding their recorded bytes.
        public var unreadable = 0

        public init(identified: Int = 0, unidentifiable: Int = 0, unreadable: Int = 0) {
            self.identified = identified
            self.unidentifiable = unidentifiable
            self.unreadable = unreadable
        }
    }

    /// Identifies every object without a PUID and records what was found in one transaction.
    public static func run(on catalog: Catalog) throws -> Outcome {
        var outcome = Outcome()
        var found: [Int64: String] = [:]
        for object in try catalog.objectsWithoutPUID() {
            switch identify(object) {
            case .puid(let puid):
                found[object.id] = puid
                outcome.identified += 1
            case .unidentifiable: outcome.unidentifiable += 1
            case .unreadable: outcome.unreadable += 1
            }
        }
        if !found.isEmpty { try catalog.recordPUIDs(found) }
        return outcome
    }

    private enum Identification { case puid(String), unidentifiable, unreadable }

    /// Identifies the bytes at the first of the object's paths that holds its recorded bytes.
    private static func identify(_ object: Catalog.UnidentifiedObject) -> Identification {
        for path in object.paths {
            guard let file = try? MappedFile(path: path) else { continue }
            let identification = file.withBytes { bytes -> Identification in
                guard ContentHash.sha256(bytes) == object.sha256,
                      let format = ImageFormat.sniff(bytes.prefix(ImageFormat.signatureLength)) else { return .unreadable }
                let metadata = try? MetadataReader.read(bytes, format: format)
                return PRONOMFormat.puid(of: bytes, format: format, metadata: metadata).map(Identification.puid) ?? .unidentifiable
            }
            if case .unreadable = identification { continue }
            return identification
        }
        return .unreadable
    }
}
