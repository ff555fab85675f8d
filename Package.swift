// swift-tools-version:6.2
import PackageDescription

// Layers, innermost first (see docs/adr/0001-layout.md):
// OneDoorCore (pure domain) ← OneDoorStorage (SQLite/PostgreSQL) ← OneDoorAPI / OneDoorWeb ← OneDoorApp ← onedoor
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "onedoor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onedoor", targets: ["onedoor"]),
        // For the Benchmarks/ package, which measures the core and services in-process.
        .library(name: "OneDoorCore", targets: ["OneDoorCore"]),
        .library(name: "OneDoorServices", targets: ["OneDoorServices"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Outbound HTTP: the SMS gateway (ADR 0023); later identity providers and other systems.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Streaming multipart uploads (ADR 0025): the parser is fed the body as it arrives.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        // ID tokens of the provincial identity provider, checked against its JWKS (ADR 0028).
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // STARTTLS for our SMTP client (ADR 0023); async-http-client builds it anyway.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Typed codes in the core (ADR 0019): a pure-Swift wrapper, no I/O.
        .package(url: "https://github.com/pointfreeco/swift-tagged.git", from: "0.10.0"),
        // Tests only: snapshots of the printed notices (its SnapshotTesting target builds alone).
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        // Pure domain: Foundation and swift-tagged only, no I/O, no framework.
        .target(name: "OneDoorCore", dependencies: [.product(name: "Tagged", package: "swift-tagged")], swiftSettings: swiftSettings),
        .target(
            name: "OneDoorStorage",
            dependencies: [
                "OneDoorCore",
                .product(name: "Tagged", package: "swift-tagged"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A small SMTP client on SwiftNIO (STARTTLS, AUTH): no package in the mirror sends mail (ADR 0023).
        .target(
            name: "OneDoorSMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Application services shared by the API and the pages: catalogue cache, sign-in, demo data.
        // Thumbnails of uploaded images (ADR 0031): libjpeg-turbo and libpng report errors by
        // longjmp, which Swift cannot catch, so the decoding is a small C target.
        .target(
            name: "CThumbnail",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png")]
        ),
        .target(
            name: "OneDoorServices",
            dependencies: [
                "OneDoorCore",
                "OneDoorStorage",
                "OneDoorSMTP",
                "CThumbnail",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OneDoorAPI",
            dependencies: [
                "OneDoorCore",
                "OneDoorServices",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Generated/ and openapi.json come from openapi.yaml by tools/openapi/generate.sh (ADR 0016):
            // no generator plugin or YAML parser in the build.
            exclude: ["openapi.yaml"],
            resources: [.copy("openapi.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OneDoorWeb",
            dependencies: [
                "OneDoorCore",
                "OneDoorServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Templates"), .copy("Static")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OneDoorApp",
            dependencies: [
                "OneDoorCore",
                "OneDoorServices",
                "OneDoorStorage",
                "OneDoorAPI",
                "OneDoorWeb",
                "OneDoorSMTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "onedoor",
            dependencies: [
                "OneDoorApp",
                "OneDoorStorage",
                "OneDoorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OneDoorTestSupport",
            dependencies: ["OneDoorCore", "OneDoorStorage", "OneDoorServices"],
            path: "Tests/OneDoorTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "OneDoorCoreTests", dependencies: ["OneDoorCore", "OneDoorTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OneDoorServicesTests",
            dependencies: [
                "OneDoorServices", "OneDoorStorage", "OneDoorCore", "OneDoorTestSupport", "OneDoorSMTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OneDoorStorageTests",
            dependencies: ["OneDoorStorage", "OneDoorCore", "OneDoorTestSupport"],
            swiftSettings: swiftSettings
        ),
        // The API through the client generated from openapi.yaml (tools/openapi/generate.sh),
        // driving the real router in-process: typed bodies, no OneDoorAPI internals.
        .testTarget(
            name: "OneDoorAPIClientTests",
            dependencies: [
                "OneDoorApp",
                "OneDoorCore",
                "OneDoorServices",
                "OneDoorTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OneDoorAppTests",
            dependencies: [
                "OneDoorApp",
                "OneDoorAPI",
                "OneDoorWeb",
                "OneDoorStorage",
                "OneDoorCore",
                "OneDoorTestSupport",
                "OneDoorSMTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ]
)
