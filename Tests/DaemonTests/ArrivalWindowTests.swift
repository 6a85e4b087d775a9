@testable import Daemon
import Foundation
import Testing

/// A file is taken only once its size and modification time have held still for the window.
@Suite struct ArrivalWindowTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arrivals-\(UUID().uuidString)")

    private func write(_ name: String, _ bytes: [UInt8], modified: Date = Date()) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        return url.path
    }

    @Test func settlesAfterTheWindow() throws {
        let path = try write("a.tif", [1, 2, 3])
        var window = ArrivalWindow(seconds: 2)
        let start = Date()
        window.saw(path, at: start)
        #expect(window.takeSettled(at: start.addingTimeInterval(1)).isEmpty)
        #expect(window.secondsToNextSettle(at: start.addingTimeInterval(1)) == 1)
        #expect(window.takeSettled(at: start.addingTimeInterval(2.1)) == [path])
        #expect(window.isEmpty)
    }

    @Test func aChangeStartsTheWaitAgain() throws {
        let path = try write("growing.tif", [1])
        var window = ArrivalWindow(seconds: 2)
        let start = Date()
        window.saw(path, at: start)
        _ = try write("growing.tif", [1, 2, 3, 4])  // the writer appended
        #expect(window.takeSettled(at: start.addingTimeInterval(2.5)).isEmpty)
        #expect(window.takeSettled(at: start.addingTimeInterval(5)) == [path])
    }

    @Test func filesUnchangedForLongerThanTheWindowSettleAtOnce() throws {
        let path = try write("old.tif", [9], modified: Date().addingTimeInterval(-600))
        var window = ArrivalWindow(seconds: 30)
        window.saw(path)
        #expect(window.takeSettled() == [path])
    }

    @Test func vanishedFilesAreDropped() throws {
        let path = try write("gone.tif", [1])
        var window = ArrivalWindow(seconds: 1)
        window.saw(path)
        try FileManager.default.removeItem(atPath: path)
        #expect(window.takeSettled(at: Date().addingTimeInterval(5)).isEmpty)
        #expect(window.isEmpty)
    }
}
