// swift-tools-version:6.1
import PackageDescription

// Benchmarks live apart from the product so the main build stays lean (docs/adr/0006-benchmarks.md).
// Run: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "OneDoorBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CatalogSearch",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OneDoorCore", package: "main"),
                .product(name: "OneDoorServices", package: "main"),
            ],
            path: "Benchmarks/CatalogSearch",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "WorkingDays",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OneDoorCore", package: "main"),
                .product(name: "OneDoorServices", package: "main"),
            ],
            path: "Benchmarks/WorkingDays",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
