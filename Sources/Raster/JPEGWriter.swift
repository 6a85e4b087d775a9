import CShims

/// Encodes a ``RasterImage`` as a baseline JPEG, with the ICC profile in APP2 markers.
enum JPEGWriter {
    static func encode(_ image: RasterImage, quality: Int) throws(RasterError) -> [UInt8] {
        guard (1...100).contains(quality) else {
            throw .encodeFailed("JPEG: quality \(quality) is outside 1–100")
        }
        guard !image.hasAlpha else {
            throw .encodeFailed("JPEG: has no alpha channel, and this image has \(image.channels) channels")
        }
        let samples = eightBit(image)
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let (ok, reason) = image.withICCProfile { icc, iccLength in
            var params = cshim_jpeg_write_params()
            params.width = UInt32(image.width)
            params.height = UInt32(image.height)
            params.components = Int32(image.channels)
            params.quality = Int32(quality)
            params.progressive = 0
            // Chroma subsampling blurs color edges; at high quality settings the caller wants them kept.
            params.full_chroma = quality >= 90 ? 1 : 0
            params.icc = icc
            params.icc_length = iccLength
            if let density = image.descriptiveFields.density {
                params.density_unit = switch density.unit {
                case .none: 0
                case .inch: 1
                case .centimetre: 2
                }
                params.x_density = UInt16(clamping: Int(density.x.rounded()))
                params.y_density = UInt16(clamping: Int(density.y.rounded()))
            }
            return samples.withUnsafeBufferPointer { pixels in
                LibraryMessage.capturing { error, errorLength in
                    cshim_jpeg_encode(&params, pixels.baseAddress, image.width * image.channels,
                                      &output, &length, error, errorLength)
                }
            }
        }
        guard ok != 0, let output else { throw .encodeFailed("JPEG: \(reason)") }
        defer { cshim_jpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    /// The samples rescaled to 0...255 (rounded), as JPEG holds only 8-bit samples.
    private static func eightBit(_ image: RasterImage) -> [UInt8] {
        switch image.samples {
        case .uint8(let samples) where image.bitDepth == 8:
            return samples
        case .uint8(let samples):
            let top = image.maxSampleValue
            return samples.map { UInt8((Int($0) * 255 + top / 2) / top) }
        case .uint16(let samples):
            return samples.map { UInt8((Int($0) * 255 + 32767) / 65535) }
        }
    }
}
