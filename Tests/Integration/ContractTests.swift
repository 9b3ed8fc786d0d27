import Foundation
import TestSupport
import Testing

/// The `LLM` contract is enforced by the compiler: a type that conforms but forgets `getAnswer` or
/// `streamAnswer` does not compile (no convenience overload can stand in for a requirement). Each
/// snippet is type-checked against the built LLMCore module, with a control that compiles.
@Suite(.serialized) struct ContractTests {
    static let getAnswer = """
            func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
                async throws -> LLMResponse { LLMResponse(content: "hi") }
        """
    static let streamAnswer = """
            func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
                -> AsyncThrowingStream<LLMStreamChunk, any Error> { AsyncThrowingStream { $0.finish() } }
        """

    static func model(_ members: String...) -> String {
        """
        import LLMCore
        struct Model: LLM {
            let metadata = ModelMetadata(name: "m", provider: LLMProvider(rawValue: "test"))
        \(members.joined(separator: "\n"))
        }
        func use(_ model: any LLM) async throws {
            _ = try await model.getAnswer([.user("hi")])
            _ = try await model.getAnswerWithVision(prompt: "what is it?", images: ["https://e.com/a.png"])
        }
        """
    }

    /// Type-checks `source` against the built modules; returns the exit status and the diagnostics.
    static func typecheck(_ source: String) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("Snippet.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let modules = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("Modules")
        let result = try await Subprocess.run(
            program: "swiftc",
            [
                "-typecheck", "-swift-version", "6", "-I", modules.path, "-module-cache-path",
                directory.appendingPathComponent("cache").path, file.path,
            ] + clangModuleIncludes(above: modules).flatMap { ["-I", $0] })
        return (result.status, String(decoding: result.stdout + result.stderr, as: UTF8.self))
    }

    /// The include folders of the C modules the built Swift modules load (swift-atomics' shims,
    /// under LLMCore): each `checkouts/*/Sources/*/include` holding a module map, in the build
    /// folder above `modules`.
    static func clangModuleIncludes(above modules: URL) -> [String] {
        var folder = modules
        let files = FileManager.default
        while folder.pathComponents.count > 1 {
            folder.deleteLastPathComponent()
            let checkouts = folder.appendingPathComponent("checkouts")
            guard files.fileExists(atPath: checkouts.path) else { continue }
            let packages = (try? files.contentsOfDirectory(atPath: checkouts.path)) ?? []
            return packages.flatMap { package -> [String] in
                let sources = checkouts.appendingPathComponent(package).appendingPathComponent("Sources")
                return ((try? files.contentsOfDirectory(atPath: sources.path)) ?? []).compactMap { target in
                    let include = sources.appendingPathComponent(target).appendingPathComponent("include")
                    let map = include.appendingPathComponent("module.modulemap").path
                    return files.fileExists(atPath: map) ? include.path : nil
                }
            }
        }
        return []
    }

    @Test func aModelWithBothRequirementsCompilesAndAnyLLMHasTheVisionHelper() async throws {
        let result = try await Self.typecheck(Self.model(Self.getAnswer, Self.streamAnswer))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func aModelThatForgetsGetAnswerDoesNotCompile() async throws {
        let result = try await Self.typecheck(Self.model(Self.streamAnswer))
        #expect(result.status != 0)
        #expect(result.output.contains("does not conform to protocol 'LLM'"), "\(result.output)")
    }

    @Test func aModelThatForgetsStreamAnswerDoesNotCompile() async throws {
        let result = try await Self.typecheck(Self.model(Self.getAnswer))
        #expect(result.status != 0)
        #expect(result.output.contains("does not conform to protocol 'LLM'"), "\(result.output)")
    }
}
