// swift-tools-version:6.2
import PackageDescription

// Generates the JSON API's Swift code and JSON document from Sources/OneDoorAPI/openapi.yaml
// ahead of time (ADR 0016), so that building OneDoor needs neither the generator plugin nor a
// YAML parser. Run tools/openapi/generate.sh after changing openapi.yaml; CI checks the
// committed output with `generate.sh --check`.
let package = Package(
    name: "openapi-tools",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // openapi.yaml → openapi.json (keys sorted, slashes unescaped), served at /api/openapi.json.
        .executableTarget(
            name: "openapi-json",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
    ]
)
