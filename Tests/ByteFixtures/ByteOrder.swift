/// Integers as bytes in either order, for tests that build files by hand (headers with forged sizes,
/// loops, wrong checksums) that no encoder would write.
public func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
public func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
public func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
public func be32(_ value: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8((value >> (8 * $0)) & 0xFF) } }

/// CRC-32 as PNG chunks use it (ISO 3309).
public func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
    }
    return ~crc
}

/// A PNG chunk: length, type, data, CRC (the right one unless `crc` is given).
public func pngChunk(_ type: String, _ data: [UInt8], crc: UInt32? = nil) -> [UInt8] {
    let typed = Array(type.utf8) + data
    return be32(UInt32(data.count)) + typed + be32(crc ?? crc32(typed))
}

/// The PNG signature.
public let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

/// A PNG of one 1x1 gray pixel with `chunks` before its IDAT: whole, valid image data, so that a test's
/// chunks are the only thing about the file that is unusual.
public func onePixelPNG(_ chunks: [[UInt8]]) -> [UInt8] {
    let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]
    var bytes = pngSignature + pngChunk("IHDR", be32(1) + be32(1) + [8, 0, 0, 0, 0])
    for chunk in chunks { bytes += chunk }
    return bytes + pngChunk("IDAT", idat) + pngChunk("IEND", [])
}

/// The chunks of a PNG after its signature, as (type, data), for byte surgery on an encoded file.
public func pngChunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
    var chunks: [(type: String, data: [UInt8])] = []
    var offset = 8
    while offset + 12 <= png.count {
        let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        let type = String(decoding: png[offset + 4..<offset + 8], as: UTF8.self)
        chunks.append((type, Array(png[offset + 8..<offset + 8 + length])))
        offset += 12 + length
    }
    return chunks
}

/// A PNG of `chunks`, each with its right CRC.
public func png(chunks: [(type: String, data: [UInt8])]) -> [UInt8] {
    chunks.reduce(pngSignature) { $0 + pngChunk($1.type, $1.data) }
}

/// `bytes` as a zlib stream of stored (uncompressed) blocks: what a test needs to put changed bytes back
/// into a compressed chunk without a compressor.
public func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
    var stream: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
        let end = min(start + 65535, bytes.count)
        let length = UInt16(end - start)
        stream += [end == bytes.count ? 1 : 0] + le16(length) + le16(~length) + bytes[start..<end]
        start = end
    } while start < bytes.count
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in bytes {
        a = (a + UInt32(byte)) % 65521
        b = (b + a) % 65521
    }
    return stream + be32(b << 16 | a)
}
