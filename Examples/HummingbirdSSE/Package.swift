// swift-tools-version: 6.1
import PackageDescription

// An example chat server: a Hummingbird app that streams a model's answer as server-sent events to
// a small chat page, exports its traces and metrics over OTLP/HTTP (swift-otel) and serves
// Prometheus metrics (swift-prometheus), and shuts down gracefully in one ServiceGroup.
let package = Package(
    name: "HummingbirdSSE",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "swift-llm", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        // OTLP over HTTP only: no gRPC stack.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdSSE",
            dependencies: [
                .product(name: "SwiftLLM", package: "swift-llm"),
                .product(name: "LLMSimulator", package: "swift-llm"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
