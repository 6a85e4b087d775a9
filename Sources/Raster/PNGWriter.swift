import CShims

/// Encodes a ``RasterImage`` as a PNG at the image's own bit depth, with the ICC profile as iCCP.
enum PNGWriter {
    static func encode(_ image: RasterImage) throws(RasterError) -> [UInt8] {
        guard image.bitDepth >= 8 || image.channels == 1 else {
            throw .encodeFailed("PNG: \(image.bitDepth)-bit samples are possible only for gray, "
                + "not \(image.channels) channels")
        }
        let colorType: Int32 = switch image.channels {
        case 1: Int32(CSHIM_PNG_GRAY)
        case 2: Int32(CSHIM_PNG_GRAY_ALPHA)
        case 3: Int32(CSHIM_PNG_RGB)
        default: Int32(CSHIM_PNG_RGBA)
        }
        let stride = image.width * image.channels * (image.bitDepth == 16 ? 2 : 1)
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let (ok, reason) = image.withICCProfile { icc, iccLength in
            var params = cshim_png_write_params()
            params.width = UInt32(image.width)
            params.height = UInt32(image.height)
            params.color_type = colorType
            params.bit_depth = Int32(image.bitDepth)
            params.icc = icc
            params.icc_length = iccLength
            params.compression_level = -1
            if let density = image.descriptiveFields.density {
                (params.phys_x, params.phys_y) = density.perMetre
                params.phys_metres = density.unit == .none ? 0 : 1
                params.has_phys = 1
            }
            return image.samples.withUnsafeBytes { pixels in
                LibraryMessage.capturing { error, errorLength in
                    cshim_png_encode(&params, pixels.baseAddress, stride, &output, &length, error, errorLength)
                }
            }
        }
        guard ok != 0, let output else { throw .encodeFailed("PNG: \(reason)") }
        defer { cshim_png_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }
}
