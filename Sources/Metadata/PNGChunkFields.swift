import Foundation  // String(format:) for ExifTool's number formats

/// The rows ExifTool makes of PNG's small fixed-layout chunks (IHDR, pHYs, tIME, PLTE, bKGD, gAMA, sBIT,
/// sRGB, cHRM), with its names, groups and value conversions; other chunks give no rows.
enum PNGChunkFields {
    static func rows(of type: String, _ data: ByteView) -> [MetadataTag] {
        let fields: [(String, String)]
        var group = "PNG"
        switch type {
        case "IHDR":
            guard data.count >= 13, let width = data.u32(0), let height = data.u32(4) else { return [] }
            let names = ["BitDepth", "ColorType", "Compression", "Filter", "Interlace"]
            fields = [("ImageWidth", "\(width)"), ("ImageHeight", "\(height)")]
                + names.enumerated().map { ($0.element, "\(data.bytes[8 + $0.offset])") }
        case "pHYs":
            guard let x = data.u32(0), let y = data.u32(4), let unit = data.u8(8) else { return [] }
            group = "PNG-pHYs"
            fields = [("PixelsPerUnitX", "\(x)"), ("PixelsPerUnitY", "\(y)"), ("PixelUnits", "\(unit)")]
        case "tIME":
            guard let year = data.u16(0), data.count >= 7 else { return [] }
            let b = data.bytes
            fields = [("ModifyDate", String(format: "%.4d:%.2d:%.2d %.2d:%.2d:%.2d", Int(year), Int(b[2]), Int(b[3]),
                                            Int(b[4]), Int(b[5]), Int(b[6])))]
        case "PLTE":
            fields = [("Palette", data.count <= 3 ? bytes(data) : ExifToolText.binary(data.count))]
        case "bKGD":
            let values = data.count < 2 ? bytes(data) : (0..<data.count / 2).compactMap { data.u16($0 * 2) }
                .map(String.init).joined(separator: " ")
            fields = [("BackgroundColor", values)]
        case "gAMA":
            guard let stored = data.u32(0) else { return [] }
            let gamma = stored == 0 ? 0 : ((1e9 / Double(stored) + 0.5).rounded(.down)) / 1e4
            fields = [("Gamma", CNumberFormat.general(gamma, digits: 15))]
        case "sBIT":
            fields = [("SignificantBits", bytes(data))]
        case "sRGB":
            guard let intent = data.u8(0) else { return [] }
            fields = [("SRGBRendering", "\(intent)")]
        case "cHRM":
            let names = ["WhitePointX", "WhitePointY", "RedX", "RedY", "GreenX", "GreenY", "BlueX", "BlueY"]
            group = "PNG-cHRM"
            fields = names.enumerated().compactMap { index, name in
                data.u32(index * 4).map { (name, CNumberFormat.general(Double($0) / 100000, digits: 15)) }
            }
        default:
            return []
        }
        return fields.map { MetadataTag(group: group, tagID: nil, name: $0.0, value: $0.1) }
    }

    private static func bytes(_ data: ByteView) -> String {
        data.bytes.map { String($0) }.joined(separator: " ")
    }
}
