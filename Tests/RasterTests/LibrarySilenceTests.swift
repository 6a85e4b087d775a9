#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Raster
import Testing

/// libtiff, libpng and libjpeg print warnings and errors to stderr by default; through the shims they
/// must print nothing, whatever the input.
@Suite struct LibrarySilenceTests {
    @Test func damagedFilesMakeNoLibraryPrintAnything() throws {
        var inputs: [[UInt8]] = []
        for options in DamagedInputTests.formats {
            let whole = try DamagedInputTests.sample(options)
            for position in stride(from: 0, to: whole.count, by: max(1, whole.count / 50)) {
                inputs.append(Array(whole.prefix(position)))
                var flipped = whole
                flipped[position] ^= 0x10
                inputs.append(flipped)
            }
        }
        let printed = try capturingStandardError {
            for bytes in inputs { _ = try? ImageDecoder.validate(bytes) }
        }
        // Other tests run in parallel and may write to stderr too, so look for the libraries' own
        // phrasing rather than for silence.
        for phrase in ["libpng", "Corrupt JPEG", "Premature end", "Warning,", "TIFFRead", "LZWDecode", "ZIPDecode"] {
            #expect(!printed.contains(phrase), "a library printed: \(printed)")
        }
    }

    /// Runs `body` with file descriptor 2 redirected to a temporary file, and returns what was written.
    private func capturingStandardError(_ body: () -> Void) throws -> String {
        var template = Array("/tmp/raster-stderr-XXXXXX".utf8CString)
        let capture = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        try #require(capture >= 0)
        defer {
            close(capture)
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        fflush(nil)  // every stream: what was buffered before belongs to the real stderr
        let saved = dup(2)
        try #require(saved >= 0 && dup2(capture, 2) >= 0)
        body()
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        let size = Int(lseek(capture, 0, SEEK_END))
        var bytes = [UInt8](repeating: 0, count: size)
        _ = pread(capture, &bytes, size, 0)
        return String(decoding: bytes, as: UTF8.self)
    }
}
