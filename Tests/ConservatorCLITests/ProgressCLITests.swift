@testable import ConservatorCommands
import Foundation
import Raster
import Restoration
import Testing

/// `process` shows each stage's progress with an estimate of the time left on a terminal, and nothing extra
/// when standard error is not one or `--json` is given (issue 22, defect 8: a 7.7 MP run printed each stage
/// only when it ended).
@Suite struct ProgressCLITests {
    /// A clock a test moves by hand.
    private final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var time = Date(timeIntervalSince1970: 1_000_000)
        var now: Date { lock.withLock { time } }
        func advance(_ seconds: Double) { lock.withLock { time += seconds } }
    }

    @Test func theLineEstimatesTheTimeLeftFromTheStagesPace() {
        let errors = Capture()
        let clock = ManualClock()
        let console = Console(output: { _ in }, errors: { errors.append($0) }, drawsProgress: true)
        Console.$current.withValue(console) {
            let line = RunProgressLine(enabled: true, now: { clock.now })
            let place = StageChain.ChainPlace(stage: "inpaint", position: 1, count: 3)
            line.begin("scan.tif", index: 0, of: 2)
            line.report(place, 0)
            clock.advance(10)
            line.report(place, 0.25)
            #expect(errors.text.hasSuffix("[1/2] scan.tif · inpaint (stage 2/3)  25% · about 30 s left"), "\(errors.text)")
            clock.advance(0.05)
            line.report(place, 0.5)
            #expect(!errors.text.contains("50%"), "at most ten lines a second")
            clock.advance(80)
            line.report(place, 0.5)
            #expect(errors.text.hasSuffix("about 1 min 31 s left"), "\(errors.text)")
            line.report(place, 1)
            #expect(errors.text.hasSuffix("100%"), "the end of a stage is always drawn, without an estimate")
            line.clear()
            #expect(errors.text.hasSuffix("\r\u{1B}[K"))
        }
    }

    @Test func processShowsEachStageOnATerminalAndNothingWithJSON() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let scan = cli.path("scan.png")
        try ImageEncoder.write(RasterImage(width: 40, height: 32, channels: 3, bitDepth: 8,
                                           samples: .uint8((0..<(40 * 32 * 3)).map { UInt8($0 * 7 % 251) })),
                               to: scan, as: .png)
        let arguments = ["process", "--catalog", cli.catalogPath, "--pipeline", "archival-repair", "--out", cli.path("out"),
                         "--pipelines", CLIHarness.repositoryPipelines, "--models", LibraryCLITests.shippedModels.path, scan]
        let terminal = cli.run(arguments, drawsProgress: true)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        for stage in ["detect-damage (stage 1/", "inpaint (stage 2/", "restore-color (stage 3/"] {
            #expect(terminal.stderr.contains(stage), "\(stage) in \(terminal.stderr.debugDescription)")
        }
        #expect(terminal.stderr.hasSuffix("\r\u{1B}[K"), "the line is erased before the run's text")
        let piped = cli.run(arguments)
        #expect(piped.status == 0 && !piped.stderr.contains("stage 1/"), "\(piped.stderr)")
        let json = cli.run(arguments + ["--json"], drawsProgress: true)
        #expect(json.status == 0 && !json.stderr.contains("stage 1/"), "\(json.stderr)")
    }
}
