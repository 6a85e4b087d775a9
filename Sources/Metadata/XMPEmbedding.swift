import CShims
import ImageSource

/// Puts an XMP packet into an encoded image, where ExifTool and other readers look for it: TIFF tag 700
/// (XMLPacket) in the first directory, a PNG `iTXt` chunk keyed `XML:com.adobe.xmp` after `IHDR`, a JPEG
/// APP1 segment (`http://ns.adobe.com/xap/1.0/`) after `SOI` and any `APP0`.
///
/// It works on the encoder's bytes rather than inside the encoders so that one place owns how XMP is
/// written in each container. A packet already present is not looked for: this is for freshly encoded
/// derivatives, which have none.
///
/// ```swift
/// let bytes = try XMPEmbedding.embed(packet, in: try ImageEncoder.encode(image, as: .png), format: .png)
/// ```
public enum XMPEmbedding {
    public static func embed(_ packet: String, in bytes: [UInt8], format: ImageFormat) throws(MetadataError) -> [UInt8] {
        let xmp = Array(packet.utf8)
        switch format {
        case .png: return try png(xmp, in: bytes)
        case .jpeg: return try jpeg(xmp, in: bytes)
        case .tiff: return try tiff(xmp, in: bytes)
        }
    }

    private static func png(_ xmp: [UInt8], in bytes: [UInt8]) throws(MetadataError) -> [UInt8] {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
        let afterHeader = 8 + 25
        guard bytes.count > afterHeader, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw .malformed("PNG: no IHDR chunk where expected")
        }
        // keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL.
        let data = Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + xmp
        let typeAndData = Array("iTXt".utf8) + data
        let crc = typeAndData.withUnsafeBytes { cshim_crc32($0.baseAddress, $0.count) }
        let chunk = bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc)
        return Array(bytes[..<afterHeader]) + chunk + Array(bytes[afterHeader...])
    }

    private static func jpeg(_ xmp: [UInt8], in bytes: [UInt8]) throws(MetadataError) -> [UInt8] {
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .malformed("JPEG: no SOI marker") }
        let payload = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0] + xmp
        guard payload.count + 2 <= 0xFFFF else {
            throw .malformed("JPEG: an XMP packet of \(xmp.count) bytes does not fit one APP1 segment")
        }
        var insertAt = 2
        if bytes.count > 6, bytes[2] == 0xFF, bytes[3] == 0xE0 {
            insertAt = 4 + Int(bytes[4]) << 8 + Int(bytes[5])
            guard insertAt <= bytes.count else { throw .malformed("JPEG: APP0 runs past the end of the file") }
        }
        let segment: [UInt8] = [0xFF, 0xE1] + Array(bigEndian(UInt32(payload.count + 2)).suffix(2)) + payload
        return Array(bytes[..<insertAt]) + segment + Array(bytes[insertAt...])
    }

    /// Appends the packet and a copy of the first directory with tag 700 added (entries stay sorted), and
    /// points the header at the copy. The old directory stays in the file, unreferenced; every value it
    /// points to is still where the copy says.
    private static func tiff(_ xmp: [UInt8], in bytes: [UInt8]) throws(MetadataError) -> [UInt8] {
        guard bytes.count >= 16 else { throw .malformed("TIFF: shorter than a header") }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: throw .malformed("TIFF: no byte-order mark")
        }
        func read(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { value, i in value | Int(bytes[offset + (little ? i : size - 1 - i)]) << (8 * i) }
        }
        func write(_ value: Int, _ size: Int) -> [UInt8] {
            (0..<size).map { i in UInt8(truncatingIfNeeded: value >> (8 * (little ? i : size - 1 - i))) }
        }
        let big = read(2, 2) == 43
        let (countSize, entrySize, offsetSize, headerPointer) = big ? (8, 20, 8, 8) : (2, 12, 4, 4)
        let directory = read(headerPointer, offsetSize)
        guard directory > 0, directory + countSize <= bytes.count else { throw .malformed("TIFF: bad first IFD offset") }
        let count = read(directory, countSize)
        let end = directory + countSize + count * entrySize + offsetSize
        guard end <= bytes.count else { throw .malformed("TIFF: first IFD runs past the end of the file") }
        var entries = (0..<count).map { i in
            let start = directory + countSize + i * entrySize
            return Array(bytes[start..<(start + entrySize)])
        }.filter { read2(entry: $0, little: little) != 700 }

        var output = bytes
        if output.count % 2 == 1 { output.append(0) }
        let xmpOffset = output.count
        output += xmp
        if output.count % 2 == 1 { output.append(0) }
        // Type 1 (BYTE), as the XMP specification gives for TIFF.
        let entry = write(700, 2) + write(1, 2) + write(xmp.count, offsetSize) + write(xmpOffset, offsetSize)
        entries.append(entry)
        entries.sort { read2(entry: $0, little: little) < read2(entry: $1, little: little) }
        let newDirectory = output.count
        output += write(entries.count, countSize) + entries.flatMap { $0 }
            + Array(bytes[(end - offsetSize)..<end])
        output.replaceSubrange(headerPointer..<(headerPointer + offsetSize), with: write(newDirectory, offsetSize))
        guard big || output.count <= Int(UInt32.max) else { throw .malformed("TIFF: the file would pass 4 GiB") }
        return output
    }

    private static func read2(entry: [UInt8], little: Bool) -> Int {
        little ? Int(entry[0]) | Int(entry[1]) << 8 : Int(entry[0]) << 8 | Int(entry[1])
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
