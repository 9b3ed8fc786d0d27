// swift-tools-version: 6.0
import PackageDescription

// An example: a Hummingbird route that streams a model's answer to HTTP clients as SSE.
let package = Package(
    name: "HummingbirdSSE",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "swift-llm", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdSSE",
            dependencies: [
                .product(name: "SwiftLLM", package: "swift-llm"),
                .product(name: "LLMSimulator", package: "swift-llm"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
