import Foundation
import Raster

/// A small 8-bit PNG of an image, ready to embed in the HTML report as a `data:` URI, so that the report
/// is one self-contained file a curator can open anywhere, with no network and no folder of previews.
public struct Thumbnail: Sendable, Equatable {
    /// Pixels per row of ``png``.
    public var width: Int
    /// Rows of ``png``.
    public var height: Int
    /// The encoded PNG.
    public var png: [UInt8]
    /// `data:image/png;base64,…` of ``png``, for an `<img src>`.
    public var dataURI: String

    /// A thumbnail of the image at `path`, at most `maxSide` pixels on its long side (smaller images keep
    /// their size: a preview must not invent detail).
    ///
    /// Any depth and layout ``ImageDecoder`` reads (1 to 16 bits; gray, gray+alpha, RGB, RGBA) becomes
    /// 8-bit RGB: samples are scaled to 0…255 by their bit depth, and transparent areas are shown over
    /// white, the report's page color. Downscaling averages every source pixel into the thumbnail pixel
    /// it falls in, so thin scratches and masks stay visible as tints instead of vanishing between samples.
    public static func image(atPath path: String, maxSide: Int) throws(ExportError) -> Thumbnail {
        let averaged = try AveragedImage(decoding: path, maxSide: maxSide)
        var samples: [UInt8] = []
        samples.reserveCapacity(averaged.width * averaged.height * 3)
        for pixel in 0..<(averaged.width * averaged.height) {
            let alpha = averaged.alpha(pixel)
            for channel in 0..<3 {
                samples.append(eightBit(averaged.color(pixel, channel) + (1 - alpha)))
            }
        }
        return try make(path, RasterImage(width: averaged.width, height: averaged.height, channels: 3, bitDepth: 8,
                                          samples: .uint8(samples)))
    }

    /// A red, partly transparent picture of the gray mask at `path`, sized as ``image(atPath:maxSide:)``
    /// sizes the image it belongs to, to lie over that image's thumbnail.
    ///
    /// Each pixel is pure red (255, 0, 0) with alpha 0.6 × the mask value: unmasked areas are clear, fully
    /// masked ones are tinted strongly enough to see yet still show the photograph beneath. The mask is
    /// its first (gray) channel; a mask with alpha counts only where it is opaque.
    public static func maskOverlay(atPath path: String, maxSide: Int) throws(ExportError) -> Thumbnail {
        let averaged = try AveragedImage(decoding: path, maxSide: maxSide)
        var samples: [UInt8] = []
        samples.reserveCapacity(averaged.width * averaged.height * 4)
        for pixel in 0..<(averaged.width * averaged.height) {
            samples += [255, 0, 0, eightBit(averaged.color(pixel, 0) * 0.6)]
        }
        return try make(path, RasterImage(width: averaged.width, height: averaged.height, channels: 4, bitDepth: 8,
                                          samples: .uint8(samples)))
    }

    private static func make(_ path: String, _ image: RasterImage) throws(ExportError) -> Thumbnail {
        let png: [UInt8]
        do {
            png = try ImageEncoder.encode(image, as: .png)
        } catch {
            throw .unreadableImage(path: path, cause: error.description)
        }
        return Thumbnail(width: image.width, height: image.height, png: png,
                         dataURI: "data:image/png;base64," + Data(png).base64EncodedString())
    }

    /// `value` (0…1) as a sample 0…255, rounded to nearest.
    private static func eightBit(_ value: Double) -> UInt8 { UInt8((min(max(value, 0), 1) * 255).rounded()) }
}

/// A decoded image averaged down to a thumbnail's size (``AreaAverage``), as values 0…1 per channel, with the
/// color channels premultiplied by alpha (so that averaging a transparent pixel adds no color).
private struct AveragedImage {
    let width: Int
    let height: Int
    private let channels: Int
    private let hasAlpha: Bool
    /// `width × height × channels` values, interleaved as the source's samples.
    private let values: [Double]

    /// Reads and decodes the file at `path`, then averages it to at most `maxSide` (≥ 1) on the long side.
    init(decoding path: String, maxSide: Int) throws(ExportError) {
        precondition(maxSide > 0, "a thumbnail of at most \(maxSide) pixels")
        let image: RasterImage
        do {
            // Mapped, not read: an archival master can be hundreds of megabytes.
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            image = try bytes.withUnsafeBytes { (buffer) throws(RasterError) in try ImageDecoder.decode(buffer) }
        } catch let error as RasterError {
            throw .unreadableImage(path: path, cause: error.description)
        } catch {
            throw .unreadableImage(path: path, cause: error.localizedDescription)
        }
        let longSide = max(image.width, image.height)
        let scaled = { (side: Int) in longSide <= maxSide ? side : max(1, (side * maxSide + longSide / 2) / longSide) }
        width = scaled(image.width)
        height = scaled(image.height)
        channels = image.channels
        hasAlpha = image.hasAlpha
        let area = AreaAverage(sourceWidth: image.width, sourceHeight: image.height, width: width, height: height)
        switch image.samples {
        case .uint8(let samples): values = Self.premultiplied(samples, of: image, averagedBy: area)
        case .uint16(let samples): values = Self.premultiplied(samples, of: image, averagedBy: area)
        }
    }

    /// The averaged value of `channel` (0…1, premultiplied by alpha) of thumbnail pixel `pixel`; a gray
    /// image answers its gray for every color channel.
    func color(_ pixel: Int, _ channel: Int) -> Double {
        let colors = hasAlpha ? channels - 1 : channels
        return values[pixel * channels + min(channel, colors - 1)]
    }

    /// The averaged alpha (0…1) of thumbnail pixel `pixel`; 1 for an image without alpha.
    func alpha(_ pixel: Int) -> Double {
        hasAlpha ? values[pixel * channels + channels - 1] : 1
    }

    /// The samples scaled to 0…1, colors premultiplied by alpha, averaged over `area`'s cells.
    private static func premultiplied<Sample: FixedWidthInteger>(_ samples: [Sample], of image: RasterImage,
                                                                averagedBy area: AreaAverage) -> [Double] {
        let scale = 1 / Double(image.maxSampleValue)
        let (channels, hasAlpha) = (image.channels, image.hasAlpha)
        return area.average(channels: channels) { pixel, channel in
            let value = Double(samples[pixel * channels + channel]) * scale
            guard hasAlpha, channel < channels - 1 else { return value }
            return value * (Double(samples[pixel * channels + channels - 1]) * scale)
        }
    }
}
