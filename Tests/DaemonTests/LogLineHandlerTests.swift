@testable import Daemon
import Logging
import Testing

@Suite struct LogLineHandlerTests {
    @Test func controlCharactersInMessagesAndMetadataAreEscaped() {
        let event = LogEvent(level: .warning, message: "quarantined: bad\nfake line",
                             metadata: ["path": "/in/a\u{1B}[31m.tif\rx"], source: "t", file: "f", function: "g", line: 1)
        let line = LogLineHandler.human(event, label: "conservator.watch", metadata: event.metadata ?? [:])
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{1B}"))
        #expect(line.hasSuffix("warning conservator.watch: quarantined: bad\\x0Afake line path=/in/a\\x1B[31m.tif\\x0Dx"))
    }
}
