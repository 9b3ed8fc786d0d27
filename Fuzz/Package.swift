// swift-tools-version: 6.0
import PackageDescription

// Fuzz targets for the parsers (libFuzzer). Built and run by Scripts/fuzz.sh, not by `swift build`:
// the executable has no main of its own; libFuzzer provides it.
let package = Package(
    name: "LLMFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-llm", path: "..")],
    targets: [
        .executableTarget(
            name: "LLMFuzz",
            dependencies: [
                .product(name: "Connectors", package: "swift-llm"),
                .product(name: "LLMProviders", package: "swift-llm"),
                .product(name: "LLMCore", package: "swift-llm"),
                .product(name: "LLMMedia", package: "swift-llm"),
            ])
    ],
    swiftLanguageModes: [.v6]
)
