import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

@Suite("Files are served only from inside the configured roots")
struct FileRootTests {
    @Test("FileRoots refuses relative paths, `..`, paths outside and links that lead outside")
    func check() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("roots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("root"), outside = base.appendingPathComponent("outside")
        for folder in [root, outside] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Data("in".utf8).write(to: root.appendingPathComponent("in.txt"))
        try Data("out".utf8).write(to: outside.appendingPathComponent("out.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.txt").path,
                                                   withDestinationPath: outside.appendingPathComponent("out.txt").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("dir").path,
                                                   withDestinationPath: outside.path)
        let roots = FileRoots([root.path])
        #expect(roots.permitted(root.appendingPathComponent("in.txt").path) != nil)
        #expect(roots.permitted(root.path + "/../outside/out.txt") == nil)
        #expect(roots.permitted(outside.appendingPathComponent("out.txt").path) == nil)
        #expect(roots.permitted(root.appendingPathComponent("link.txt").path) == nil)
        #expect(roots.permitted(root.appendingPathComponent("dir/out.txt").path) == nil)
        #expect(roots.permitted("in.txt") == nil)
        #expect(roots.permitted("/etc/passwd") == nil)
        #expect(roots.permitted(root.path) == nil)  // a folder itself is no file to serve
        #expect(roots.permitted(root.appendingPathComponent("missing").path) == nil)
        // a root named through a link is compared by where it leads
        let linkedRoot = base.appendingPathComponent("linked-root")
        try FileManager.default.createSymbolicLink(atPath: linkedRoot.path, withDestinationPath: root.path)
        #expect(FileRoots([linkedRoot.path]).permitted(root.appendingPathComponent("in.txt").path) != nil)
    }

    @Test("an original whose file was replaced by a link to outside the roots is not served")
    func linkedOriginal() async throws {
        let fixture = try WebFixture()
        let id = fixture.collection.ids["untouched"]!
        let path = fixture.collection.path("c/scan5.tif")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).tif")
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.moveItem(atPath: path, toPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside.path)
        try await fixture.test { client in
            let browser = try await Browser.signedIn(client, as: "admin")
            #expect(try await browser.get("/objects/\(id)/file").status == .notFound)
            #expect(try await browser.get("/objects/\(id)/preview").status == .notFound)
            #expect(try await browser.get("/objects/\(fixture.collection.ids["repaired"]!)/file").status == .ok)
        }
    }

    @Test("with roots that do not hold the collection, nothing of it is served")
    func otherRoots() async throws {
        let fixture = try WebFixture()
        let id = fixture.collection.ids["repaired"]!
        let run = try fixture.catalog.runs(ofSource: id)[0].id!
        try await fixture.test(fixture.settings(roots: [fixture.collection.path("b")])) { client in
            let browser = try await Browser.signedIn(client, as: "admin")
            #expect(try await browser.get("/objects/\(id)/file").status == .notFound)
            #expect(try await browser.get("/runs/\(run)/sidecar").status == .notFound)
            #expect(try await browser.get("/objects/\(fixture.collection.ids["colorized"]!)/file").status == .ok)
        }
    }

    @Test("a served original is the recorded bytes")
    func bytes() async throws {
        let fixture = try WebFixture()
        let id = fixture.collection.ids["colorized"]!
        let expected = try Data(contentsOf: URL(fileURLWithPath: fixture.collection.path("b/scan3.png")))
        try await fixture.test { client in
            let response = try await Browser.signedIn(client, as: "viewer").get("/objects/\(id)/file")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/png")
            #expect(Data(response.body.readableBytesView) == expected)
        }
    }
}
