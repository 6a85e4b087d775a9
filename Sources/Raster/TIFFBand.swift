/// One decoded strip, tile or scanline of a TIFF: samples as libtiff returns them (host byte order,
/// predictor undone, low bit depths packed MSB first with each row padded to a whole byte).
struct TIFFBand {
    /// Where the band's top-left pixel lies in the image.
    var x: Int
    var y: Int
    /// The band's size as stored: a tile may reach past the image's right and bottom edges.
    var width: Int
    var height: Int
    /// The file sample these bytes hold (separate planes), or `nil` when every sample of a pixel is here.
    var plane: Int?
    /// Bytes from one row of the band to the next.
    var rowBytes: Int
    var bytes: UnsafeRawBufferPointer
}
