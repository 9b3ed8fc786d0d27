// swift-tools-version: 6.0
import PackageDescription

// Benchmark executables, built in release by Benchmarks/run (not part of the library build):
// RawClient is the ceiling of our transport (AsyncHTTPClient + Codable, nothing else);
// MicroBench times the SSE decoder, chunk decoding and payload encoding per operation.
let package = Package(
    name: "SwiftLLMBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-llm", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "RawClient",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .executableTarget(
            name: "MicroBench",
            dependencies: [
                .product(name: "Connectors", package: "swift-llm"),
                .product(name: "LLMProviders", package: "swift-llm"),
                .product(name: "LLMCore", package: "swift-llm"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
