// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swift-llm",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SwiftLLM", targets: ["SwiftLLM"]),
        .library(name: "LLMCore", targets: ["LLMCore"]),
        .library(name: "LLMMedia", targets: ["LLMMedia"]),
        .library(name: "Connectors", targets: ["Connectors"]),
        .library(name: "LLMProviders", targets: ["LLMProviders"]),
        .library(name: "LLMRouting", targets: ["LLMRouting"]),
        .library(name: "LLMSimulator", targets: ["LLMSimulator"]),
        .library(name: "LLMAgents", targets: ["LLMAgents"]),
        .library(name: "LLMThreads", targets: ["LLMThreads"]),
        // The response cache in front of any model (in memory; the SQL stores are in LLMSQLite and
        // LLMPostgres).
        .library(name: "LLMCache", targets: ["LLMCache"]),
        // MCP servers' tools for the run loop (pulls in the MCP SDK).
        .library(name: "LLMMCP", targets: ["LLMMCP"]),
        // Shared rate limits, pauses and cooldowns for many processes (each pulls in a database driver).
        .library(name: "LLMPostgres", targets: ["LLMPostgres"]),
        .library(name: "LLMSQLite", targets: ["LLMSQLite"]),
        // Connector, router and store settings from swift-configuration readers (environment,
        // JSON and YAML files, command-line arguments); needs macOS 15 where the rest needs 13.
        .library(name: "LLMConfiguration", targets: ["LLMConfiguration"]),
        .executable(name: "llm", targets: ["llm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        // `swift package generate-documentation --target SwiftLLM` (.ci/run builds the DocC catalog).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // OpenTelemetry's attribute names (server.*, http.*, error.type) for spans.
        .package(url: "https://github.com/swift-otel/swift-otel-semantic-conventions", from: "1.44.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        .package(
            url: "https://github.com/apple/swift-configuration", from: "1.4.0",
            traits: [.defaults, "YAML", "CommandLineArguments", "Logging"]),
    ],
    targets: [
        // Media value types. No networking.
        .target(name: "LLMMedia", swiftSettings: strictSettings),
        // The library's own helpers (the JSON pull parser, the time limit), shared with `package`
        // access and no product: not API.
        .target(name: "LLMSupport", swiftSettings: strictSettings),
        // The contract. No networking (swift-log is a logging API, not a network module).
        .target(
            name: "LLMCore",
            dependencies: [
                "LLMMedia", "LLMSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Connectors",
            dependencies: [
                "LLMCore", "LLMSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTelSemanticConventions", package: "swift-otel-semantic-conventions"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMProviders",
            dependencies: [
                "LLMCore", "LLMMedia", "LLMSupport", "Connectors",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OTelSemanticConventions", package: "swift-otel-semantic-conventions"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        // The router (deployments, fallback chains, strategies, health) and the pool, over any
        // LLM; its file loader builds deployments over connectors.
        .target(
            name: "LLMRouting",
            dependencies: [
                "LLMCore", "Connectors", "LLMProviders",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The agent layer: schemas from Swift types, typed tools and the run loop, structured
        // output into types. LLMCore's contract only, never a provider.
        .target(
            name: "LLMAgents",
            dependencies: ["LLMCore", "LLMSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // Versioned conversation threads and the in-memory store; SQLite and PostgreSQL stores live
        // in the database targets.
        .target(
            name: "LLMThreads",
            dependencies: ["LLMCore", "LLMMedia", "LLMAgents"],
            swiftSettings: strictSettings
        ),
        // The response cache: a wrapper around any LLM, its key, single flight and the in-memory
        // store. LLMCore's contract only, never a provider or a network module.
        .target(
            name: "LLMCache",
            dependencies: [
                "LLMCore", "LLMSupport", "LLMThreads",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMMCP",
            dependencies: [
                "LLMAgents", "LLMCore", "LLMSupport",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SwiftLLM",
            dependencies: [
                "LLMCore", "LLMMedia", "Connectors", "LLMProviders", "LLMRouting", "LLMAgents", "LLMThreads",
                "LLMCache",
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMSimulator",
            dependencies: [
                "Connectors", "LLMProviders",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The rate-limit store over SQL that both database targets share: statements, the fallback
        // to local limits, the cooldown snapshot. No driver.
        .target(
            name: "LLMSharedState",
            dependencies: [
                "LLMCore", "LLMSupport", "Connectors", "LLMThreads", "LLMCache",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMPostgres",
            dependencies: [
                "LLMSharedState", "Connectors", "LLMThreads", "LLMCache",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMSQLite",
            dependencies: [
                "LLMSharedState", "Connectors", "LLMThreads", "LLMCache",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "LLMConfiguration",
            dependencies: [
                "LLMCore", "Connectors", "LLMProviders", "LLMRouting", "LLMSharedState",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "llm",
            dependencies: [
                "SwiftLLM",
                "LLMSimulator",
                "LLMPostgres",
                "LLMSQLite",
                "LLMMCP",
                "LLMConfiguration",
                "LLMCache",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The per-operation benchmarks of the hot paths (Benchmarks/run builds it in release), in
        // this package so that it times the internal decoders and framings through `package` access.
        .executableTarget(
            name: "MicroBench", dependencies: ["Connectors", "LLMCore", "LLMProviders"],
            path: "Benchmarks/Sources/MicroBench", swiftSettings: strictSettings),
        // The 10,000-stream benchmark (Benchmarks/run): a pacing server and a client in one
        // executable, run as two processes.
        .executableTarget(
            name: "StreamScale",
            dependencies: [
                "SwiftLLM",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Benchmarks/Sources/StreamScale", swiftSettings: strictSettings),
        // Helpers both test targets use (running a program without blocking the cooperative pool).
        .target(name: "TestSupport", path: "Tests/Support", swiftSettings: strictSettings),
        .testTarget(
            name: "UnitTests",
            dependencies: [
                "LLMCore", "LLMMedia", "LLMSupport", "Connectors", "LLMProviders", "LLMRouting", "LLMAgents",
                "LLMThreads", "TestSupport", "LLMSharedState", "LLMCache",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
            ],
            path: "Tests/Unit",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "SwiftLLM", "LLMSimulator", "llm", "TestSupport", "LLMSharedState", "LLMPostgres", "LLMSQLite",
                "LLMMCP", "LLMConfiguration", "LLMCache",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Integration",
            swiftSettings: strictSettings
        ),
        // Against servers nobody here wrote (llama.cpp's llama-server, the LiteLLM proxy), started
        // by .ci/run; each suite is skipped, saying how to start its server, when it is not running.
        .testTarget(
            name: "RealServerTests",
            dependencies: ["SwiftLLM", "TestSupport"],
            path: "Tests/RealServer",
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
