/// A C library object (a libtiff, libpng or libjpeg reader) owned by Swift and released exactly once,
/// when the last value that uses it goes away.
///
/// A class, so that the readers can be plain structs whose copies share one C object.
final class LibraryHandle {
    let pointer: OpaquePointer
    private let release: (OpaquePointer) -> Void

    init(_ pointer: OpaquePointer, release: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}
