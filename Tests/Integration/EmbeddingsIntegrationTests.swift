import Foundation
import LLMSimulator
import SwiftLLM
import Testing

/// Embeddings as a capability of their own, over real sockets against LLMSimulator: OpenAI, Azure
/// and compatible servers, and Gemini; batching within the API's limits, dimensions, usage and
/// cost, failover through the same connector.
@Suite(.serialized) struct EmbeddingsIntegrationTests {
    static func with(
        _ metadata: ModelMetadata, style: EndpointStyle = .openAI,
        _ body: (SimulatorPair, any EmbeddingModel) async throws -> Void
    ) async throws {
        try await SimulatorPair.with(style: style, deployment: metadata.name) { pair in
            try await body(pair, try LLMFactory.makeEmbedding(metadata: metadata, connector: pair.connector))
        }
    }

    static let small = ModelCatalog.metadata(named: "text-embedding-3-small")!

    @Test func openAIVectorsComeInOrderWithUsageAndCost() async throws {
        try await Self.with(Self.small) { pair, model in
            let result = try await model.embed(["alpha", "beta", "alpha"])
            #expect(result.vectors.count == 3)
            #expect(result.vectors.allSatisfy { $0.count == 1_536 })
            #expect(result.vectors[0] == result.vectors[2] && result.vectors[0] != result.vectors[1])
            let norm = result.vectors[1].reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 0.001)
            #expect(result.usage?.promptTokens == 3)
            #expect(result.costUSD == Self.small.pricing?.cost(of: result.usage!))
            #expect(result.requests == 1 && result.requestIds.count == 1)
            let sent = try #require(pair.primary.requests.first)
            #expect(sent.uri == "/v1/embeddings")
            let body = try JSONValue(parsing: sent.body)
            #expect(body["encoding_format"] == "base64")
            #expect(body["model"] == "text-embedding-3-small")
            #expect(body["input"] == ["alpha", "beta", "alpha"])
        }
    }

    @Test func dimensionsShortenVectorsWhereTheModelCanAndAreCheckedBeforeSending() async throws {
        try await Self.with(Self.small) { pair, model in
            let short = try await model.embed(["alpha"], options: EmbeddingOptions(dimensions: 256))
            #expect(short.vectors.first?.count == 256)
            #expect(try JSONValue(parsing: try #require(pair.primary.requests.first).body)["dimensions"] == 256)
            let tooLong = await captureError {
                _ = try await model.embed(["a"], options: EmbeddingOptions(dimensions: 4_000))
            }
            #expect(tooLong?.code == .invalidRequest && tooLong?.parameter == "dimensions")
            let empty = await captureError { _ = try await model.embed(["a", ""]) }
            #expect(empty?.parameter == "inputs[1]")
            let none = await captureError { _ = try await model.embed([]) }
            #expect(none?.code == .invalidRequest)
            #expect(pair.primary.requests.count == 1)
        }
        try await Self.with(ModelCatalog.metadata(named: "text-embedding-ada-002")!) { pair, model in
            let error = await captureError {
                _ = try await model.embed(["a"], options: EmbeddingOptions(dimensions: 256))
            }
            #expect(error?.code == .invalidRequest)
            #expect(pair.primary.requests.isEmpty)
        }
    }

    @Test func largeListsAreSplitWithinTheAPIsLimitsAndKeepTheirOrder() async throws {
        try await Self.with(Self.small) { pair, model in
            let inputs = (0..<4_500).map { "text \($0)" }
            let result = try await model.embed(inputs, options: EmbeddingOptions(dimensions: 8))
            #expect(result.vectors.count == 4_500)
            #expect(result.requests == 3)
            let single = try await model.embed(["text 4321"], options: EmbeddingOptions(dimensions: 8))
            #expect(result.vectors[4_321] == single.vectors[0])
            let sizes = pair.primary.requests.dropLast().compactMap {
                try? JSONValue(parsing: $0.body)["input"]?.arrayValue?.count
            }
            #expect(sizes.sorted() == [404, 2_048, 2_048])
        }
    }

    @Test func azureClassicEmbedsUnderTheDeploymentAndFailsOver() async throws {
        try await Self.with(Self.small, style: .azure) { pair, model in
            pair.primary.enqueue(.status(503))
            let result = try await model.embed(["alpha"])
            #expect(result.vectors.first?.count == 1_536)
            #expect(result.endpoint?.contains(pair.backup.baseURL.host ?? "?") == true)
            #expect(
                pair.primary.requests.first?.uri.hasPrefix(
                    "/openai/deployments/text-embedding-3-small/embeddings?api-version=") == true)
            #expect(pair.backup.requests.count == 1)
        }
    }

    @Test func compatibleServersGetFloats() async throws {
        try await Self.with(ModelCatalog.openAICompatibleEmbedding("nomic-embed-text", dimensions: 384)) {
            pair, model in
            let result = try await model.embed(["alpha", "beta"])
            #expect(result.vectors.map(\.count) == [384, 384])
            #expect(result.costUSD == nil)
            #expect(
                try JSONValue(parsing: try #require(pair.primary.requests.first).body)["encoding_format"] == "float")
        }
    }

    @Test func geminiEmbedsOneWithEmbedContentAndManyInBatchesOfAHundred() async throws {
        let metadata = ModelCatalog.metadata(named: "gemini-embedding-001")!
        try await Self.with(metadata, style: .gemini) { pair, model in
            let one = try await model.embed(
                ["alpha"], options: EmbeddingOptions(dimensions: 768, taskType: "RETRIEVAL_QUERY"))
            #expect(one.vectors.first?.count == 768)
            #expect(one.usage == nil && one.costUSD == nil)
            let first = try #require(pair.primary.requests.first)
            #expect(first.uri == "/v1beta/models/gemini-embedding-001:embedContent")
            #expect(first.headers["x-goog-api-key"] == SimulatorPair.key)
            let body = try JSONValue(parsing: first.body)
            #expect(
                body == [
                    "content": ["parts": [["text": "alpha"]]], "taskType": "RETRIEVAL_QUERY",
                    "outputDimensionality": 768,
                ])
            let many = try await model.embed((0..<250).map { "t\($0)" }, options: EmbeddingOptions(dimensions: 128))
            #expect(many.vectors.count == 250 && many.requests == 3)
            #expect(
                many.vectors[0]
                    == (try await model.embed(["t0"], options: EmbeddingOptions(dimensions: 128))).vectors[0])
            #expect(pair.primary.requests[1].uri == "/v1beta/models/gemini-embedding-001:batchEmbedContents")
            let batch = try JSONValue(parsing: pair.primary.requests[1].body)["requests"]?.arrayValue
            #expect(batch?.first?["model"] == "models/gemini-embedding-001")
        }
    }
}
