import Foundation

/// sRGB (D65) ↔ CIELAB, per pixel, for colorization: the model predicts a* and b*, and the output keeps
/// the input's L*, so colorization never changes the lightness of the photograph.
enum CIELab {
    private static let white: (x: Float, y: Float, z: Float) = (0.95047, 1.0, 1.08883)

    static func linear(_ v: Float) -> Float { v <= 0.04045 ? v / 12.92 : powf((v + 0.055) / 1.055, 2.4) }
    static func encoded(_ v: Float) -> Float {
        let c = min(max(v, 0), 1)
        return c <= 0.0031308 ? c * 12.92 : 1.055 * powf(c, 1 / 2.4) - 0.055
    }
    private static func f(_ t: Float) -> Float { t > 216 / 24389 ? cbrtf(t) : (24389 / 27 * t + 16) / 116 }
    private static func finverse(_ t: Float) -> Float { t > 6 / 29 ? t * t * t : (116 * t - 16) * 27 / 24389 }

    /// L* (0–100) of an sRGB-encoded gray or color pixel.
    static func lightness(r: Float, g: Float, b: Float) -> Float {
        let y = 0.2126729 * linear(r) + 0.7151522 * linear(g) + 0.0721750 * linear(b)
        return 116 * f(y) - 16
    }

    /// sRGB-encoded (r, g, b), unclamped to the gamut edge only by the final clamp of ``encoded(_:)``.
    static func rgb(l: Float, a: Float, b: Float) -> (Float, Float, Float) {
        let fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200
        let x = white.x * finverse(fx), y = white.y * finverse(fy), z = white.z * finverse(fz)
        let r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z
        let g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z
        let bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z
        return (encoded(r), encoded(g), encoded(bl))
    }

    /// (a*, b*) of an sRGB-encoded pixel, to measure how far from gray it is.
    static func chroma(r: Float, g: Float, b: Float) -> Float {
        let (lr, lg, lb) = (linear(r), linear(g), linear(b))
        let x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / white.x
        let y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
        let z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / white.z
        let a = 500 * (f(x) - f(y)), bb = 200 * (f(y) - f(z))
        return (a * a + bb * bb).squareRoot()
    }
}
