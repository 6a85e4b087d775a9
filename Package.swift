// swift-tools-version:6.0
// Conservator: archival photo restoration with full provenance.
// Module map and the direction of dependencies: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Conservator",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "conservator", targets: ["conservator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C bridges: system libraries (Debian -dev packages, installed by scripts/bootstrap.sh).
        .systemLibrary(name: "CTIFF", pkgConfig: "libtiff-4", providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CEXIF", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        // C wrappers that own setjmp/longjmp (libpng, libjpeg) and libtiff's error handlers, so that
        // every library error comes back to Swift as a status and a message, never exit() or a crash.
        .target(name: "CShims", dependencies: ["CTIFF", "CPNG", "CJPEG", "CEXIF"],
                linkerSettings: [.linkedLibrary("z")]),  // zlib: inflate of PNG text and ICC chunks

        // Swift modules, bottom to top.
        .target(name: "ImageSource"),
        .target(name: "Metadata", dependencies: [
            "ImageSource", "CShims", "CTIFF", "CEXIF",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Raster", dependencies: ["ImageSource", "CShims", "CTIFF", "CPNG", "CJPEG"]),
        .target(name: "Catalog", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "Ingest", dependencies: [
            "ImageSource", "Raster", "Metadata", "Catalog",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "conservator", dependencies: [
            "Ingest", "Catalog", "Raster", "Metadata",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // One test target per module.
        .testTarget(name: "ImageSourceTests", dependencies: ["ImageSource"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "ImageSource", "CTIFF"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MetadataTests", dependencies: ["Metadata", "ImageSource"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Catalog", "Raster", "Metadata", "ImageSource"]),
        .testTarget(name: "ConservatorCLITests", dependencies: ["Catalog"]),
    ],
    swiftLanguageModes: [.v6]
)
