import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Ingest
import Logging
import Pipeline
import Raster
import Restoration
import Testing
@testable import Web

/// A real run to correct: a 40×30 scan with a dark square, ingested, run through `repair` (the fixture
/// detector marks the square, the fixture inpainter fills it with 0.5 gray), which awaits review; the
/// pipeline library, the models of the Restoration tests, and one user per role.
struct CorrectionFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let models = ModelStore(directory: repository.appendingPathComponent("Tests/RestorationTests/Fixtures/models").path)
    static let width = 40, height = 30

    let folder: String
    let catalog: Catalog
    let correction: RunCorrection
    /// The run awaiting review.
    let run: Int64

    init() throws {
        folder = NSTemporaryDirectory() + "web-correction-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: "\(folder)/pipelines", withIntermediateDirectories: true)
        var samples = [UInt8](repeating: 200, count: Self.width * Self.height * 3)
        for y in 10..<16 { for x in 12..<18 { for c in 0..<3 { samples[(y * Self.width + x) * 3 + c] = 5 } } }
        try ImageEncoder.write(RasterImage(width: Self.width, height: Self.height, channels: 3, bitDepth: 8,
                                           samples: .uint8(samples)), to: "\(folder)/scan.png", as: .png)
        try """
            name: repair
            stages:
              - detect-damage: { model: test-detector@1, dilate: 0, min-region: 1 }
              - inpaint: { model: test-inpainter@1 }
            output: { format: png, masks: true }
            """.write(toFile: "\(folder)/pipelines/repair.yaml", atomically: true, encoding: .utf8)
        catalog = try Catalog(path: "\(folder)/catalog.db",
                              migrations: try MigrationSet(directory: Self.repository.appendingPathComponent("Migrations")))
        _ = try IngestService(catalog: catalog).ingestFile(at: "\(folder)/scan.png")
        let runner = PipelineRunner(catalog: catalog, models: Self.models, derivatives: "\(folder)/derivatives",
                                    software: Agent(type: .software, name: "Conservator", version: "test", identifier: "0123abc"))
        let reader = PipelineReader(models: Self.models, library: "\(folder)/pipelines")
        correction = RunCorrection(runner: runner, pipelines: reader)
        run = try runner.run(try reader.read("repair"), on: try catalog.resolve("\(folder)/scan.png"),
                             from: "\(folder)/scan.png").runID
        for role in User.Role.allCases {
            try catalog.addUser(User(name: role.rawValue, role: role,
                                     passwordHash: try PasswordHash(password: WebFixture.password, iterations: 1_000).stored))
        }
    }

    /// Runs `body` against the application, re-running pipelines with `correction` (none: 503); removes the folder.
    func test(correction: RunCorrection?? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let settings = WebSettings(fileRoots: [folder], assets: WebFixture.assets, correction: correction ?? self.correction)
        let router = try await WebApplication.router(catalog: catalog, settings: settings, sessions: MemoryPersistDriver())
        try await Application(router: router, logger: Logger(label: "web-tests")).test(.router) { try await body($0) }
    }

    /// A mask as the editor sends it: white where `marked`, black elsewhere, opaque.
    static func mask(width: Int = width, height: Int = height, marked: (Int, Int) -> Bool) throws -> [UInt8] {
        var samples = [UInt8]()
        for y in 0..<height { for x in 0..<width { samples += marked(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255] } }
        return try ImageEncoder.encode(RasterImage(width: width, height: height, channels: 4, bitDepth: 8,
                                                   samples: .uint8(samples)), as: .png)
    }
}

@Suite("Correction: curators paint a run's mask and run its pipeline again")
struct CorrectionTests {
    static func stripe(_ x: Int, _ y: Int) -> Bool { (20..<24).contains(x) && (3..<6).contains(y) }

    @Test("a curator's mask makes a new run that supersedes the old one; a second post is a 409")
    func correct() async throws {
        let fixture = try CorrectionFixture()
        let old = fixture.run
        try await fixture.test { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            let page = try await curator.get("/runs/\(old)").text
            #expect(page.contains("id=\"mask-canvas\"") && page.contains("width=\"40\" height=\"30\""))
            #expect(page.contains("/static/mask-editor.js") && page.contains("data-csrf=\"\(curator.csrf ?? "-")\""))
            #expect(page.contains("<option value=\"0\""), "the detector's step is offered")
            #expect(!page.contains("<option value=\"1\""), "the inpainting step is not: it makes no mask of its own")

            let mask = try CorrectionFixture.mask(marked: Self.stripe)
            let response = try await curator.postPNG("/runs/\(old)/correct?step=0&reason=missed+the+top+scratch", mask)
            #expect(response.status == .seeOther, "\(response.text)")
            let location = try #require(response.headers[.location])
            let new = try #require(Int64(location.replacingOccurrences(of: "/runs/", with: "")))
            #expect(try await curator.postPNG("/runs/\(old)/correct?step=0", mask).status == .conflict)
            #expect(try fixture.catalog.runs(ofSource: fixture.catalog.runHistory(old).run.sourceObjectId).count == 2)

            let history = try fixture.catalog.runHistory(new)
            #expect(history.supersedes?.supersededRunId == old && history.supersedes?.person == "curator")
            #expect(history.supersedes?.reason == "missed the top scratch" && history.reviewState == "proposed")
            #expect(try fixture.catalog.runHistory(old).reviewState == "superseded")

            let newPage = try await curator.get(location).text
            #expect(newPage.contains("Supersedes <a href=\"/runs/\(old)\">run \(old)</a>: mask corrected by curator"))
            #expect(newPage.contains("id=\"approve\""), "the correction awaits review")
            let oldPage = try await curator.get("/runs/\(old)").text
            #expect(oldPage.contains("Superseded by <a href=\"/runs/\(new)\">run \(new)</a>"))
            #expect(!oldPage.contains("id=\"mask-canvas\"") && !oldPage.contains("id=\"approve\""))
            #expect(try await curator.get("/search?review-state=superseded").text.contains("<span id=\"total\">1</span>"))

            // the run's documents say so too
            let premis = try await curator.get("/runs/\(old)/premis.xml").text
            #expect(premis.contains("superseded by run \(new), corrected by curator"))
            let prov = try await curator.get("/runs/\(new)/prov.json").text
            #expect(prov.contains("conservator:run-\(old)") && prov.contains("conservator:person-curator"))
            #expect(try await curator.post("/runs/\(new)/approve", [:]).status == .seeOther)
            #expect(try fixture.catalog.runHistory(new).reviewState == "approved")
        }
    }

    @Test("each refusal has its status, and none records a run")
    func refusals() async throws {
        let fixture = try CorrectionFixture()
        let run = fixture.run
        let good = try CorrectionFixture.mask(marked: Self.stripe)
        try await fixture.test { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            let viewer = try await Browser.signedIn(client, as: "viewer")
            #expect(try await viewer.postPNG("/runs/\(run)/correct?step=0", good).status == .forbidden)
            #expect(!(try await viewer.get("/runs/\(run)").text.contains("id=\"mask-canvas\"")))
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=0", good, csrf: false).status == .forbidden)
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=0", Array("no png".utf8)).status == .badRequest)
            let small = try CorrectionFixture.mask(width: 20, height: 15) { _, _ in true }
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=0", small).status == .badRequest)
            #expect(try await curator.postPNG("/runs/999999/correct?step=0", good).status == .notFound)
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=7", good).status == .notFound)
            #expect(try await curator.postPNG("/runs/\(run)/correct", good).status == .notFound)
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=1", good).status == .conflict)
            let huge = [UInt8](repeating: 0, count: CorrectionRoute.maxMaskBytes + 1)
            #expect(try await curator.postPNG("/runs/\(run)/correct?step=0", huge).status == .contentTooLarge)
            #expect(try fixture.catalog.runHistory(run).reviewState == "proposed")
        }
    }

    @Test("a server that cannot re-run answers 503: no derivatives folder, or the models are missing")
    func unavailable() async throws {
        let fixture = try CorrectionFixture()
        let good = try CorrectionFixture.mask(marked: Self.stripe)
        try await fixture.test(correction: .some(nil)) { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            #expect(try await curator.postPNG("/runs/\(fixture.run)/correct?step=0", good).status == .serviceUnavailable)
        }
        let again = try CorrectionFixture()
        let noModels = RunCorrection(runner: again.correction.runner, pipelines: PipelineReader(
            models: ModelStore(directory: "\(again.folder)/no-models"), library: again.correction.pipelines.library))
        try await again.test(correction: noModels) { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            #expect(try await curator.postPNG("/runs/\(again.run)/correct?step=0", good).status == .serviceUnavailable)
            #expect(try again.catalog.runHistory(again.run).reviewState == "proposed")
        }
    }

    @Test("a rejected run can be corrected; an approved one cannot")
    func states() async throws {
        let fixture = try CorrectionFixture()
        let good = try CorrectionFixture.mask(marked: Self.stripe)
        try await fixture.test { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            #expect(try await curator.post("/runs/\(fixture.run)/approve", [:]).status == .seeOther)
            #expect(!(try await curator.get("/runs/\(fixture.run)").text.contains("id=\"mask-canvas\"")))
            #expect(try await curator.postPNG("/runs/\(fixture.run)/correct?step=0", good).status == .conflict)
        }
        let rejected = try CorrectionFixture()
        try await rejected.test { client in
            let curator = try await Browser.signedIn(client, as: "curator")
            #expect(try await curator.post("/runs/\(rejected.run)/reject", ["reason": "the square is not damage"]).status == .seeOther)
            #expect(try await curator.get("/runs/\(rejected.run)").text.contains("id=\"mask-canvas\""))
            #expect(try await curator.postPNG("/runs/\(rejected.run)/correct?step=0", good).status == .seeOther)
        }
    }
}
