import CShims
import CTIFF

/// Decodes the first page of a TIFF held in memory, band by band (a strip, a tile, or a scanline of a
/// strip too large to hold), through libtiff, which undoes compression and the predictor.
struct TIFFReader {
    private let handle: LibraryHandle
    private let layout: TIFFLayout
    private let limits: DecodeLimits

    /// Reads and checks IFD0. `bytes` must outlive the reader.
    init(_ bytes: UnsafeRawBufferPointer, limits: DecodeLimits) throws(RasterError) {
        // libtiff's own allocations (strip offset arrays, codec state) are capped so that a forged tag
        // count costs an error; pixel buffers are allocated here, after the pixel limit is checked.
        let cap = Int64(max(256 << 20, limits.maxStripBytes * 4))
        let (opened, reason) = LibraryMessage.capturing { error, length in
            cshim_tiff_open_memory(bytes.baseAddress, bytes.count, cap, error, length)
        }
        guard let opened else { throw .corrupt("TIFF: \(reason.isEmpty ? "not a readable TIFF" : reason)") }
        handle = LibraryHandle(opened) { _ = cshim_tiff_close($0) }
        // Reading IFD0 happens inside the open; its damage warnings (a tag's data cut short; the shim keeps
        // the others as notes) mean the directory is damaged. They are raised after the layout's checks,
        // so that a forged header is refused for what it declares (too many pixels) rather than for its
        // details.
        let damage = Self.messages(opened)
        layout = try TIFFLayout(tif: cshim_tiff_get(opened), handle: opened, limits: limits)
        if let damage { throw damage }
        self.limits = limits
    }

    var info: ImageInfo { layout.info }

    /// libtiff's warnings that leave the pixel data whole (see `cshim_tiff_notes`), and the layout's.
    var notes: [String] { layout.notes + LibraryMessage.lines(cshim_tiff_notes(handle.pointer)) }

    func decode() throws(RasterError) -> RasterImage {
        let count = layout.width * layout.height * layout.channels
        let samples: SampleStorage
        if layout.decodedBitDepth == 16 {
            var canvas = TIFFCanvas<UInt16>(layout: layout, count: count)
            try forEachBand { band in canvas.paint(band) }
            samples = .uint16(canvas.samples)
        } else {
            var canvas = TIFFCanvas<UInt8>(layout: layout, count: count)
            try forEachBand { band in canvas.paint(band) }
            samples = .uint8(canvas.samples)
        }
        return RasterImage(width: layout.width, height: layout.height, channels: layout.channels,
                           bitDepth: layout.decodedBitDepth, samples: samples, iccProfile: layout.iccProfile)
    }

    func validate() throws(RasterError) {
        try forEachBand { _ in }
    }

    // MARK: bands

    private var tif: OpaquePointer { cshim_tiff_get(handle.pointer) }

    /// Decodes every band of every plane in file order, handing each to `body` in one reused buffer.
    private func forEachBand(_ body: (TIFFBand) -> Void) throws(RasterError) {
        let planes = layout.separatePlanes ? layout.samplesPerPixel : 1
        let samplesPerBandPixel = layout.separatePlanes ? 1 : layout.samplesPerPixel
        let rowBytes = (layout.tileWidth * samplesPerBandPixel * layout.bitsPerSample + 7) / 8
        let bandBytes = rowBytes * layout.tileLength
        let imageRowBytes = (layout.width * samplesPerBandPixel * layout.bitsPerSample + 7) / 8
        // A tile may be larger than the image, but not absurdly: the size comes from the file.
        guard bandBytes <= max(limits.maxStripBytes * 4, imageRowBytes * layout.height * 2) else {
            throw .corrupt("TIFF: \(layout.tileWidth)×\(layout.tileLength) blocks are far larger than the image")
        }
        let byScanline = !layout.tiled && bandBytes > limits.maxStripBytes
            && TIFFLayout.scanlineCodecs.contains(layout.compression)
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(byScanline ? rowBytes : bandBytes, 1),
                                                         alignment: 16)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        for plane in 0..<planes {
            let planeIndex = layout.separatePlanes ? plane : nil
            let origins = byScanline ? (0..<layout.height).map { (x: 0, y: $0) } : blockOrigins()
            for (x, y) in origins {
                let rows = min(byScanline ? 1 : layout.tileLength, layout.height - y)
                try read(x: x, y: y, plane: plane, byScanline: byScanline, into: raw,
                         expected: layout.tiled ? bandBytes : rowBytes * rows)
                body(TIFFBand(x: x, y: y, width: layout.tileWidth, height: rows, plane: planeIndex,
                              rowBytes: rowBytes, bytes: UnsafeRawBufferPointer(raw)))
            }
        }
    }

    /// The top-left corners of the strips or tiles of one plane, in file order.
    private func blockOrigins() -> [(x: Int, y: Int)] {
        stride(from: 0, to: layout.height, by: layout.tileLength).flatMap { y in
            stride(from: 0, to: layout.width, by: layout.tileWidth).map { x in (x: x, y: y) }
        }
    }

    private func read(x: Int, y: Int, plane: Int, byScanline: Bool, into buffer: UnsafeMutableRawBufferPointer,
                      expected: Int) throws(RasterError) {
        let got: Int
        if byScanline {
            got = TIFFReadScanline(tif, buffer.baseAddress, UInt32(y), UInt16(plane)) == 1 ? expected : -1
        } else if layout.tiled {
            let tile = TIFFComputeTile(tif, UInt32(x), UInt32(y), 0, UInt16(plane))
            got = Int(TIFFReadEncodedTile(tif, tile, buffer.baseAddress, tmsize_t(buffer.count)))
        } else {
            let strip = TIFFComputeStrip(tif, UInt32(y), UInt16(plane))
            got = Int(TIFFReadEncodedStrip(tif, strip, buffer.baseAddress, tmsize_t(buffer.count)))
        }
        if let damage = Self.messages(handle.pointer) { throw damage }
        guard got >= expected else {
            let what = byScanline ? "scanline \(y)" : layout.tiled ? "tile at (\(x), \(y))" : "strip at row \(y)"
            throw .corrupt("TIFF: \(what) decodes to \(max(got, 0)) of \(expected) bytes")
        }
    }

    /// The error, or the warning that signals damage, that libtiff reported since the messages were
    /// last cleared (the shim keeps the first of each), or `nil`.
    private static func messages(_ handle: OpaquePointer) -> RasterError? {
        let error = LibraryMessage.text(cshim_tiff_error(handle))
        let warning = LibraryMessage.text(cshim_tiff_warning(handle))
        guard !error.isEmpty || !warning.isEmpty else { return nil }
        return .corrupt("TIFF: \(error.isEmpty ? warning : error)")
    }
}
