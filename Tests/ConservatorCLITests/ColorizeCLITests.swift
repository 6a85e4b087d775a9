import Foundation
import Raster
import Testing

/// `process` with a colorize-only pipeline on a real 24-megapixel gray scan: the colorizer sees a
/// fixed-size proxy and upsamples its chroma row by row, so memory stays bounded by a few planes of the scan.
@Suite(.serialized) struct ColorizeCLITests {
    @Test func a24MegapixelGrayScanIsColorizedWithinOneGigabyte() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let (width, height) = (6000, 4000)
        let samples = (0..<(width * height)).map { UInt8(truncatingIfNeeded: ($0 % width) / 7 ^ ($0 / width) / 5) }
        let scan = RasterImage(width: width, height: height, channels: 1, bitDepth: 8, samples: .uint8(samples))
        try ImageEncoder.write(scan, to: cli.root.appendingPathComponent("scan.tif").path, as: .tiff(compression: .none))
        let pipeline = try cli.write("colorize-only.yaml", Array("""
            name: colorize-only
            stages:
              - colorize: { model: colorize@2 }
            output: { format: tiff, bit-depth: 8, keep-icc: true, masks: false }
            """.utf8))
        #expect(try cli.runBinary(["ingest", "--catalog", cli.catalogPath, "scan.tif"]).status == 0)
        let run = try cli.runBinary(["process", "scan.tif", "--catalog", cli.catalogPath, "--pipeline", pipeline, "--out", "out",
                               "--models", CLIHarness.repositoryRoot.appendingPathComponent("Models").path],
                              through: ["/usr/bin/time", "-f", "peak %M kB"])
        #expect(run.status == 0, "\(run.stderr)")
        let peak = run.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }
            .flatMap { Int($0.split(separator: " ")[1]) }
        let kilobytes = try #require(peak, "\(run.stderr)")
        // The scan is 24 MB as bytes and 96 MB as one float plane; the colorized result is three planes.
        #expect(kilobytes < 1_000_000, "peak RSS \(kilobytes) kB")
        let derivative = try #require(run.stdout.split(separator: "\n").first { $0.contains(".tif") && $0.contains("out/") })
        let path = String(derivative.split(separator: " ").last!)
        let info = try ImageDecoder.validate(Array(try Data(contentsOf: URL(fileURLWithPath: path, relativeTo: cli.root))),
                                             limits: .standard)
        #expect(info.width == width && info.height == height && info.channels == 3)
    }
}
