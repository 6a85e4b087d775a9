import ImageSource
import Testing

/// Formats are told by their leading bytes alone: scans arrive with wrong or missing extensions.
@Suite struct ImageFormatTests {
    @Test(arguments: [
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], ImageFormat.png),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], .jpeg),
        ([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00], .tiff),  // classic, little-endian
        ([0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08], .tiff),  // classic, big-endian
        ([0x49, 0x49, 0x2B, 0x00, 0x08, 0x00, 0x00, 0x00], .tiff),  // BigTIFF
        ([0x4D, 0x4D, 0x00, 0x2B, 0x00, 0x08, 0x00, 0x00], .tiff),
    ] as [([UInt8], ImageFormat)])
    func recognisesSignatures(_ header: [UInt8], _ expected: ImageFormat) {
        #expect(ImageFormat.sniff(header) == expected)
    }

    @Test(arguments: [
        [],                                                  // empty
        [0x89, 0x50, 0x4E, 0x47],                            // a PNG signature cut short
        Array("%PDF-1.7".utf8),
        Array("GIF89a".utf8),
        [0x49, 0x49, 0x2A],                                  // a TIFF header cut short
        [0x4D, 0x4D, 0x2A, 0x00],                            // byte order and magic disagree
        [0xFF, 0xD8],                                        // SOI without a following marker
    ] as [[UInt8]])
    func refusesEverythingElse(_ header: [UInt8]) {
        #expect(ImageFormat.sniff(header) == nil)
    }

    @Test func theFormatANameClaims() {
        #expect(["a.tif", "b.TIFF", "c.png", "d.JPG", "e.jpeg", "f.jpe", "g.jfif"].map(ImageFormat.claimed(byName:))
                == [.tiff, .tiff, .png, .jpeg, .jpeg, .jpeg, .jpeg])
        #expect(["scan-0001", "notes.txt", "/in/v1.2/scan", "archive.tar.gz", "trailing."].allSatisfy {
            ImageFormat.claimed(byName: $0) == nil
        })
    }

    @Test func mediaTypesAndExtensions() {
        #expect(ImageFormat.allCases.map(\.mediaType) == ["image/tiff", "image/png", "image/jpeg"])
        #expect(ImageFormat.allCases.map(\.fileExtension) == ["tif", "png", "jpg"])
    }
}
