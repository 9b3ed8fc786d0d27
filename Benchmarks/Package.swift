// swift-tools-version: 6.0
import PackageDescription

// Benchmark executables, built in release by Benchmarks/run (not part of the library build):
// RawClient is the ceiling of our transport (AsyncHTTPClient + Codable, nothing else). MicroBench,
// which times the internal hot paths per operation, is a target of the swift-llm package itself.
let package = Package(
    name: "SwiftLLMBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0")
    ],
    targets: [
        .executableTarget(
            name: "RawClient",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")])
    ],
    swiftLanguageModes: [.v6]
)
