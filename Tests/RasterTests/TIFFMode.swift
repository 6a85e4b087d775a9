import CTIFF
import Testing

/// One way of storing a TIFF's pixels, for the parameterized decode test.
struct TIFFMode: Sendable, CustomTestStringConvertible {
    enum Color: String, Sendable, CaseIterable {
        case gray, minIsWhite, grayAlpha, rgb, rgba, palette
    }

    var bits: Int
    var color: Color
    var planar: Bool
    var tiled: Bool
    var compression: Int32
    var predictor: Bool

    static let width = 37
    static let height = 23

    var samplesPerPixel: Int {
        switch color {
        case .gray, .minIsWhite, .palette: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }

    var isJPEG: Bool { compression == COMPRESSION_JPEG }

    var testDescription: String {
        let name: String = switch compression {
        case COMPRESSION_NONE: "none"
        case COMPRESSION_LZW: "lzw"
        case COMPRESSION_ADOBE_DEFLATE: "deflate"
        case COMPRESSION_PACKBITS: "packbits"
        default: "jpeg"
        }
        return "\(bits)-bit \(color.rawValue) \(planar ? "planar" : "chunky") \(tiled ? "tiles" : "strips") "
            + name + (predictor ? "+predictor" : "")
    }

    /// Every combination of depth, color, planar configuration, layout, compression and predictor that
    /// TIFF allows and the decoder promises to read.
    static let all: [TIFFMode] = {
        var modes: [TIFFMode] = []
        for color in Color.allCases {
            let depths: [Int] = switch color {
            case .gray, .minIsWhite: [1, 4, 8, 16]
            case .palette: [1, 4, 8]
            case .grayAlpha, .rgb, .rgba: [8, 16]
            }
            for bits in depths {
                let spp = TIFFMode(bits: bits, color: color, planar: false, tiled: false, compression: 1,
                                   predictor: false).samplesPerPixel
                for planar in spp > 1 ? [false, true] : [false] {
                    for tiled in [false, true] {
                        var compressions: [(Int32, Bool)] = [
                            (COMPRESSION_NONE, false), (COMPRESSION_LZW, false), (COMPRESSION_ADOBE_DEFLATE, false),
                            (COMPRESSION_PACKBITS, false),
                        ]
                        if bits >= 8 {
                            compressions += [(COMPRESSION_LZW, true), (COMPRESSION_ADOBE_DEFLATE, true)]
                        }
                        if bits == 8 && !planar && (color == .gray || color == .rgb) {
                            compressions.append((COMPRESSION_JPEG, false))
                        }
                        for (compression, predictor) in compressions {
                            modes.append(TIFFMode(bits: bits, color: color, planar: planar, tiled: tiled,
                                                  compression: compression, predictor: predictor))
                        }
                    }
                }
            }
        }
        return modes
    }()
}
