/// A zlib stream that inflates to `1 + 258 * runs` copies of `byte`, written by hand in a few bits per 258
/// bytes (one fixed-Huffman block: the byte as a literal, then `runs` copies of length 258 at distance 1):
/// megabytes of text in kilobytes of file, built in microseconds, for the tests of metadata limits.
public func zlibRuns(of byte: UInt8, runs: Int) -> [UInt8] {
    precondition(byte < 144, "fixed-Huffman literals 0-143 have 8-bit codes")
    var bits = BitWriter()
    bits.write(1, count: 1)  // BFINAL
    bits.write(1, count: 2)  // BTYPE 01: fixed Huffman codes
    bits.code(0x30 + Int(byte), length: 8)
    for _ in 0..<runs {
        bits.code(0b1100_0101, length: 8)  // length code 285: 258 bytes, no extra bits
        bits.code(0, length: 5)            // distance code 0: distance 1
    }
    bits.code(0, length: 7)  // end of block
    // Adler-32 of n copies of c, in closed form: a = 1 + n·c, b = n + c·n(n+1)/2 (mod 65521).
    let n = UInt64(1 + 258 * runs), c = UInt64(byte), modulus: UInt64 = 65521
    let a = (1 + n * c) % modulus
    let b = (n % modulus + c * ((n * (n + 1) / 2) % modulus)) % modulus
    return [0x78, 0x01] + bits.bytes + be32(UInt32(b << 16 | a))
}

/// Deflate's bit order: values least significant bit first, Huffman codes most significant bit first.
private struct BitWriter {
    var bytes: [UInt8] = []
    private var used = 8

    mutating func write(_ value: Int, count: Int) {
        for i in 0..<count { put((value >> i) & 1) }
    }

    mutating func code(_ code: Int, length: Int) {
        for i in (0..<length).reversed() { put((code >> i) & 1) }
    }

    private mutating func put(_ bit: Int) {
        if used == 8 {
            bytes.append(0)
            used = 0
        }
        bytes[bytes.count - 1] |= UInt8(bit) << used
        used += 1
    }
}
