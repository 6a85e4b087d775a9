// swift-tools-version:6.0
// Conservator: archival photo restoration with full provenance.
// Module map and the direction of dependencies: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Conservator",
    products: [
        .executable(name: "conservator", targets: ["conservator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // SHA-256 as the catalog records it (lowercase hex), for originals, derivatives, models, exports.
        .target(name: "Fixity", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Metadata", dependencies: ["ImageSource", "Fixity", "CShims", "CTIFF", "CEXIF"]),
        .target(name: "Raster", dependencies: ["ImageSource", "CShims", "CTIFF", "CPNG", "CJPEG"]),
        // Where the shipped folders are, and Conservator's own name, version and build-time source commit.
        .target(name: "Installation", plugins: ["SourceCommitStamp"]),
        .plugin(name: "SourceCommitStamp", capability: .buildTool()),
        // What a restoration step discloses: its IPTC Digital Source Type and the regions it marked or filled.
        // Below Restoration (which declares them) and Catalog (which stores them), so both share one type.
        .target(name: "Disclosure"),
        .target(name: "Catalog", dependencies: [
            "Installation", "Disclosure",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The catalog in PostgreSQL, for many workers on many machines: the Catalog protocols on PostgresNIO.
        .target(name: "CatalogPostgres", dependencies: [
            "Catalog",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // ONNX protobuf messages, generated once from onnx.proto (regeneration: Sources/ONNXProto/README.md).
        .target(name: "ONNXProto", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["README.md"]),
        // Convolution micro-kernels: AVX-512 selected at run time, portable C otherwise.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])], linkerSettings: [.linkedLibrary("pthread"), .linkedLibrary("m")]),
        .target(name: "Inference", dependencies: ["ONNXProto", "CKernels", "COpenBLAS"]),
        .target(name: "Ingest", dependencies: [
            "ImageSource", "Fixity", "Raster", "Metadata", "Catalog",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Yams' node tree with file, line and column in every error (conservator.yaml, pipelines).
        .target(name: "YAMLConfiguration", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Per-pixel loops over whole scans: optimized in debug builds too, or the tests on real scan sizes
        // (a 24 MP colorization) take minutes.
        .target(name: "Restoration", dependencies: [
            "Raster", "Inference", "Fixity", "YAMLConfiguration", "Disclosure",
        ], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Pipeline", dependencies: [
            "Restoration", "Raster", "Metadata", "Catalog", "ImageSource", "YAMLConfiguration", "Fixity", "Disclosure",
            "Installation",
        ]),
        // Curators' exports: report CSV/JSON, PREMIS XML, PROV-JSON, the HTML report, the checksum manifest.
        .target(name: "Provenance", dependencies: [
            "Catalog", "Raster", "Fixity", "Metadata", "Disclosure", "Installation",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Daemon", dependencies: [
            "Ingest", "Fixity", "Catalog", "Raster", "ImageSource", "YAMLConfiguration", "Pipeline", "Restoration",
            "Installation",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Curators' web interface: sign-in, search, run pages and the review workflow, served by Hummingbird;
        // Pipeline re-runs a run whose mask a curator corrected. Nothing below it depends on it; only the
        // `serve` command does.
        .target(name: "Web", dependencies: [
            "Catalog", "Provenance", "Pipeline",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Every subcommand, in a library so tests can call them in process; the executable only calls main().
        .target(name: "ConservatorCommands", dependencies: [
            "Web", "Daemon", "Ingest", "Catalog", "Raster", "Inference", "Pipeline", "Restoration", "Provenance", "Installation",
            "Disclosure",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "conservator", dependencies: ["ConservatorCommands"]),

        // One test target per module.
        .testTarget(name: "ImageSourceTests", dependencies: ["ImageSource"]),
        // Hand-built bytes (forged headers, loops, bad checksums) shared by the codec and ingest tests.
        .target(name: "ByteFixtures", path: "Tests/ByteFixtures"),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "ImageSource", "CTIFF", "CShims", "ByteFixtures"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MetadataTests", dependencies: ["Metadata", "ImageSource", "ByteFixtures"],
                    resources: [.copy("Fixtures")]),
        // A small catalog with known contents (AI-altered, classical-only, colorized, two model versions,
        // untouched, quarantined) and real image files, for the curator tests.
        .target(name: "CatalogFixtures", dependencies: [
            "Catalog", "Raster", "Fixity", "Disclosure", "Metadata", "ImageSource",
        ], path: "Tests/CatalogFixtures"),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "CatalogFixtures", "Installation", "Disclosure"]),
        // One suite for both catalog backends, the PostgreSQL one on a throwaway server the tests start.
        .testTarget(name: "CatalogPostgresTests", dependencies: [
            "CatalogPostgres", "Catalog", "Installation",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "ProvenanceTests", dependencies: [
            "Provenance", "Catalog", "CatalogFixtures", "Raster", "Disclosure", "Installation", .product(name: "CSV", package: "CSV.swift"),
        ],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Fixity", "Catalog", "Raster", "Metadata", "ImageSource",
                                                        "ByteFixtures"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "CKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Catalog", "Ingest", "Fixity", "Raster", "Installation"]),
        .testTarget(name: "ConservatorCLITests", dependencies: ["ConservatorCommands", "Catalog", "Raster", "Inference"]),
        .testTarget(name: "RestorationTests", dependencies: ["Restoration", "Inference", "Raster", "Disclosure", "Fixity"],
                    exclude: ["Fixtures", "ShippedModels"]),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "Catalog", "CatalogFixtures", "Pipeline", "Restoration", "Ingest", "Raster",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "Restoration", "Catalog", "Ingest", "Fixity", "Raster", "ImageSource", "YAMLConfiguration",
            "Installation",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
