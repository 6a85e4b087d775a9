import CShims
import CTIFF
import Raster
import Testing

/// Deterministic sample values in `0...maxValue`, scattered so that neighbouring samples differ.
func scatteredSamples(count: Int, maxValue: Int, seed: Int = 0) -> [Int] {
    (0..<count).map { i in
        var x = UInt64(truncatingIfNeeded: i &* 2_654_435_761 &+ seed &* 97 &+ 12345)
        x ^= x >> 13
        x = x &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return Int(x % UInt64(maxValue + 1))
    }
}

/// A smooth 8-bit image (gradients), on which lossy JPEG stays within a few levels of the original.
func smoothSamples(width: Int, height: Int, channels: Int) -> [UInt8] {
    var samples: [UInt8] = []
    samples.reserveCapacity(width * height * channels)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<channels {
                samples.append(UInt8(20 + x * 100 / width + y * 60 / height + c * 20))
            }
        }
    }
    return samples
}

/// A structurally valid ICC profile (header, a white point and a copyright text) that libpng's checks
/// accept, with `marker` bytes in the header's reserved area so that two profiles can be told apart.
/// The text is varied so the profile does not deflate below the size libpng will read back from iCCP.
func iccProfile(gray: Bool, marker: UInt8 = 0x5A) -> [UInt8] {
    let text = scatteredSamples(count: 200, maxValue: 25, seed: Int(marker)).map { UInt8(65 + $0) }
    var profile = [UInt8](repeating: 0, count: 156 + 20 + 8 + text.count)
    func put(_ offset: Int, _ text: String) { profile.replaceSubrange(offset..<(offset + 4), with: Array(text.utf8)) }
    func put32(_ offset: Int, _ value: UInt32) {
        for i in 0..<4 { profile[offset + i] = UInt8((value >> (24 - 8 * UInt32(i))) & 0xFF) }
    }
    put32(0, UInt32(profile.count))
    put(4, "none")
    put32(8, 0x0430_0000)  // version 4.3
    put(12, "mntr")
    put(16, gray ? "GRAY" : "RGB ")
    put(20, "XYZ ")
    put(36, "acsp")
    // D50 illuminant, as the specification requires.
    put32(68, 0x0000_F6D6)
    put32(72, 0x0001_0000)
    put32(76, 0x0000_D32D)
    for i in 100..<128 { profile[i] = marker }
    put32(128, 2)  // tag table: wtpt at 156 (20 bytes), cprt at 176
    put(132, "wtpt")
    put32(136, 156)
    put32(140, 20)
    put(144, "cprt")
    put32(148, 176)
    put32(152, UInt32(8 + text.count))
    put(156, "XYZ ")
    put32(164, 0x0000_F6D6)
    put32(168, 0x0001_0000)
    put32(172, 0x0000_D32D)
    put(176, "text")
    profile.replaceSubrange(184..<(184 + text.count), with: text)
    return profile
}

/// Builds a TIFF in memory with libtiff itself: `body` sets the tags and writes the strips or tiles of
/// each page (calling `TIFFWriteDirectory` between pages).
func buildTIFF(_ body: (OpaquePointer) throws -> Void) throws -> [UInt8] {
    var error = [CChar](repeating: 0, count: 512)
    let handle = try #require(cshim_tiff_open_memory_write("w", &error, error.count))
    let tif = try #require(cshim_tiff_get(handle))
    do {
        try body(tif)
    } catch {
        _ = cshim_tiff_close(handle)
        throw error
    }
    var output: UnsafeMutablePointer<UInt8>?
    var length = 0
    let ok = cshim_tiff_close_memory_write(handle, &output, &length, &error, error.count)
    let message = error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    #expect(ok != 0, "libtiff: \(message)")
    let bytes = try #require(output)
    defer { cshim_tiff_free(bytes) }
    return Array(UnsafeBufferPointer(start: bytes, count: length))
}

/// Sets a tag through the non-variadic shims, failing the test when libtiff refuses it.
func setTag(_ tif: OpaquePointer, _ tag: Int32, _ value: Int, wide: Bool = false) {
    let ok = wide ? cshim_tiff_set_u32(tif, UInt32(tag), UInt32(value)) : cshim_tiff_set_u16(tif, UInt32(tag), UInt16(value))
    #expect(ok != 0, "libtiff refused tag \(tag) = \(value)")
}

/// The samples of `storage` as Ints, whatever their width.
func values(_ storage: SampleStorage) -> [Int] {
    switch storage {
    case .uint8(let samples): samples.map(Int.init)
    case .uint16(let samples): samples.map(Int.init)
    }
}

/// Packs `samples` (each below `1 << bits`) MSB first, or as host-order bytes at 8 and 16 bits.
func packSamples(_ samples: [Int], bits: Int) -> [UInt8] {
    switch bits {
    case 8: return samples.map { UInt8($0) }
    case 16: return samples.flatMap { value in withUnsafeBytes(of: UInt16(value)) { Array($0) } }
    default:
        var bytes = [UInt8](repeating: 0, count: (samples.count * bits + 7) / 8)
        for (i, value) in samples.enumerated() {
            let bit = i * bits
            bytes[bit / 8] |= UInt8(value) << (8 - bits - bit % 8)
        }
        return bytes
    }
}

/// Decodes `bytes` and returns the error, failing the test when decoding succeeds.
func decodeError(_ bytes: [UInt8], limits: DecodeLimits = .standard) -> RasterError? {
    do {
        _ = try ImageDecoder.decode(bytes, limits: limits)
        Issue.record("decoding succeeded")
        return nil
    } catch {
        return error
    }
}
