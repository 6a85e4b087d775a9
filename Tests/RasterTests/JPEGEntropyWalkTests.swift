import Foundation
import ImageSource
@testable import Raster
import Testing

/// The entropy walk (`jpeg_entropy.c`) proves sequential JPEGs whole without decoding them. It must never
/// call a file whole that libjpeg refuses: on damaged files of every layout, validation gives exactly the
/// verdict of a full decode, and the walk proves only files that decode.
@Suite struct JPEGEntropyWalkTests {
    /// A JPEG to damage, by name.
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: @Sendable () throws -> [UInt8]
        var testDescription: String { name }
    }

    /// Written by `Fixtures/make-fixtures.py` (Pillow): restart markers, 4:2:0 and 4:2:2, optimized tables.
    static let fixtures = ["restart-color-420.jpg", "restart-color-444-rows.jpg", "restart-gray.jpg",
                           "optimized-color-420.jpg", "color-422.jpg"]

    static let sequential: [Sample] = fixtures.map { name in Sample(name: name) { try fixture(name) } } + [
        Sample(name: "gray 45x29") { try encoded(components: 1) },
        Sample(name: "color 4:4:4 45x29") { try encoded(components: 3) },
        Sample(name: "color 4:2:0 45x29") { try encoded(components: 3, fullChroma: false) },
    ]

    static func fixture(_ name: String) throws -> [UInt8] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func encoded(components: Int, fullChroma: Bool = true, progressive: Bool = false) throws -> [UInt8] {
        let samples = scatteredSamples(count: 45 * 29 * components, maxValue: 255).map(UInt8.init)
        return try encodeJPEG(samples, width: 45, height: 29, components: components, quality: 90,
                              progressive: progressive, fullChroma: fullChroma)
    }

    /// Whether the walk proves `bytes` whole; false when libjpeg refuses the header first.
    static func walkProves(_ bytes: [UInt8]) -> Bool {
        // Validation reaches the walk only for bytes whose signature says JPEG (FF D8 FF); a damaged third
        // byte is stray data before the first marker to libjpeg, which it skips with a note.
        guard ImageFormat.sniff(bytes) == .jpeg else { return false }
        return bytes.withUnsafeBytes { buffer in
            (try? JPEGReader(buffer, limits: .standard).provenByEntropyWalk()) ?? false
        }
    }

    @Test(arguments: sequential)
    func intactSequentialFilesAreProvenByTheWalk(_ sample: Sample) throws {
        let bytes = try sample.bytes()
        let proven = Self.walkProves(bytes)
        #expect(proven)
        #expect(try ImageDecoder.validate(bytes).format == .jpeg)
    }

    /// The walk keeps the tables it builds per thread, eight of them, and replaces them in turn. A scan
    /// whose tables are partly new must never replace a table it found cached a moment earlier: that
    /// walked one component with another's table, and intact files went unproven depending on what the
    /// thread had walked before. The files walked first set up that case on this (synchronous) test's
    /// thread; the colour file's lookups run DC 0, AC 0, DC 1, AC 1.
    @Test func newTablesNeverReplaceOnesTheSameScanUses() throws {
        let color = try Self.fixture("restart-color-420.jpg"), gray = try Self.fixture("restart-gray.jpg")
        try #require(Self.huffmanTables(color).map(\.isAC) == [false, true, false, true])
        try #require(Self.huffmanTables(gray).map(\.isAC) == [false, true])
        var random = SplitMix64(seed: 7)
        // The file with its symbols in another order: new tables to the cache. The scan no longer
        // decodes, which does not matter here: every table is built before the walk starts.
        func shuffled(_ bytes: [UInt8], dcOnly: Bool = false) -> [UInt8] {
            var bytes = bytes
            for table in Self.huffmanTables(bytes) where !(dcOnly && table.isAC) {
                var symbols = Array(bytes[table.symbols])
                symbols.shuffle(using: &random)
                bytes.replaceSubrange(table.symbols, with: symbols)
            }
            return bytes
        }
        // Eight new tables fill every slot, leaving the next replacement at some slot n.
        for _ in 0..<2 { _ = Self.walkProves(shuffled(color)) }
        // The grey file shares the colour file's luminance tables: its AC table lands in n + 1.
        _ = Self.walkProves(shuffled(gray, dcOnly: true))
        // Five more new tables: the next replacement is n - 1.
        _ = Self.walkProves(shuffled(color))
        _ = Self.walkProves(shuffled(gray, dcOnly: true))
        // DC 0 is built into n - 1, AC 0 found in n + 1, DC 1 built into n; AC 1 used to replace AC 0.
        let proven = Self.walkProves(color)
        #expect(proven)
    }

    /// The Huffman tables of `bytes`' DHT segments, in file order: their class and where their symbols lie.
    static func huffmanTables(_ bytes: [UInt8]) -> [(isAC: Bool, symbols: Range<Int>)] {
        var tables: [(isAC: Bool, symbols: Range<Int>)] = []
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF, bytes[at + 1] != 0xDA {
            let end = at + 2 + Int(bytes[at + 2]) << 8 + Int(bytes[at + 3])
            if bytes[at + 1] == 0xC4 {
                var table = at + 4
                while table + 17 <= end {
                    let count = bytes[table + 1...table + 16].reduce(0) { $0 + Int($1) }
                    tables.append((isAC: bytes[table] >> 4 == 1, symbols: table + 17..<table + 17 + count))
                    table += 17 + count
                }
            }
            at = end
        }
        return tables
    }

    /// A progressive file has many scans: the walk leaves it to libjpeg, which validates it.
    @Test func progressiveFilesAreLeftToLibjpeg() throws {
        let bytes = try Self.encoded(components: 3, progressive: true)
        let proven = Self.walkProves(bytes)
        #expect(!proven)
        #expect(try ImageDecoder.validate(bytes).compression == "progressive")
    }

    /// Where the scan must end. Bytes between its last code and EOI are never proven by the walk; libjpeg
    /// decides (it reports them as extraneous data unless its read-ahead already took them, so validation
    /// follows the full decode). A missing EOI is a truncated file; bytes after EOI are outside the image.
    @Test(arguments: sequential)
    func theScanMustEndAtEOI(_ sample: Sample) throws {
        let whole = try sample.bytes()
        #expect(Array(whole.suffix(2)) == [0xFF, 0xD9])
        let body = Array(whole.dropLast(2))
        for stray in [[0x12], [0x12, 0x34, 0x56], [UInt8](repeating: 0x5A, count: 40)] {
            let strayed = body + stray + [0xFF, 0xD9]
            let proven = Self.walkProves(strayed)
            #expect(!proven, "\(stray.count) stray bytes before EOI")
            let validates = (try? ImageDecoder.validate(strayed)) != nil
            let decodes = (try? ImageDecoder.decode(strayed)) != nil
            #expect(validates == decodes, "\(stray.count) stray bytes before EOI")
        }
        let bodyProven = Self.walkProves(body)
        #expect(!bodyProven, "no EOI")
        #expect(throws: RasterError.self) { try ImageDecoder.validate(body) }
        let trailer = whole + Array("appended after EOI".utf8)
        let trailerProven = Self.walkProves(trailer)
        #expect(trailerProven, "bytes after EOI")
        #expect((try? ImageDecoder.decode(trailer)) != nil)
    }

    /// A restart marker out of sequence (RST2 where RST0 belongs) is damage: libjpeg must resynchronize.
    @Test(arguments: ["restart-color-420.jpg", "restart-gray.jpg"])
    func restartMarkersOutOfOrderAreRefused(_ name: String) throws {
        var bytes = try Self.fixture(name)
        let scan = try #require(bytes.indices.first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA })
        let restart = try #require((scan..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xD0 })
        bytes[restart + 1] = 0xD2
        let proven = Self.walkProves(bytes)
        #expect(!proven)
        #expect(throws: RasterError.self) { try ImageDecoder.validate(bytes) }
        #expect(throws: RasterError.self) { try ImageDecoder.decode(bytes) }
    }

    /// Truncation, bit flips, changed bytes, deleted and inserted runs, at places drawn from a fixed
    /// seed: validation agrees with a full decode on every variant, and the walk proves none that fails.
    @Test(arguments: sequential)
    func damagedFilesGetTheVerdictOfAFullDecode(_ sample: Sample) throws {
        let whole = try sample.bytes()
        var random = SplitMix64(seed: UInt64(whole.count))
        var proven = 0
        for trial in 0..<300 {
            let variant = Self.damage(whole, kind: trial % 5, random: &random)
            let decodes = (try? ImageDecoder.decode(variant)) != nil
            let validates = (try? ImageDecoder.validate(variant)) != nil
            #expect(validates == decodes, "trial \(trial): validate \(validates), decode \(decodes)")
            if Self.walkProves(variant) {
                proven += 1
                #expect(decodes, "trial \(trial): the walk proved a file libjpeg refuses")
            }
        }
        // Damage in the metadata or after EOI leaves files whole: the walk must still prove those.
        #expect(proven > 0)
    }

    static func damage(_ whole: [UInt8], kind: Int, random: inout SplitMix64) -> [UInt8] {
        var bytes = whole
        let offset = Int(random.next() % UInt64(whole.count))
        switch kind {
        case 0: bytes.removeSubrange(max(1, offset)...)
        case 1: bytes[offset] ^= UInt8(1) << (random.next() % 8)
        case 2: bytes[offset] = UInt8(truncatingIfNeeded: random.next())
        case 3: bytes.removeSubrange(offset..<min(bytes.count, offset + 1 + Int(random.next() % 8)))
        default: bytes.insert(contentsOf: (0..<1 + random.next() % 8).map { _ in UInt8(truncatingIfNeeded: random.next()) },
                              at: offset)
        }
        return bytes
    }
}

/// A small seeded generator (SplitMix64), so that every run damages the same places.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
