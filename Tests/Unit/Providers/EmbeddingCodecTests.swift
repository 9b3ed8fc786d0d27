import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMProviders

/// The embedding codecs without sockets: batching as a pure function, request bodies (validated
/// against the official OpenAI schema and google-genai's types), answers in both encodings.
@Suite struct EmbeddingCodecTests {
    static let info = ResponseInfo(
        status: 200, endpoint: "https://a.example/v1/embeddings", endpointName: "a", attempts: 1)

    @Test func batchesRespectTheInputAndTokenLimitsAndKeepOrder() {
        let capability = EmbeddingCapability(
            dimensions: 8, maxInputsPerRequest: 3, maxInputTokens: 100, maxRequestTokens: 10)
        let short = Array(repeating: "abcd", count: 7)  // one token each
        #expect(OpenAIEmbeddingLLM.batches(short, capability: capability) == [0..<3, 3..<6, 6..<7])
        // Token budget: each input ~6 tokens, so one per request; one over the budget goes alone.
        let long = [
            String(repeating: "a", count: 24), String(repeating: "b", count: 24), String(repeating: "c", count: 400),
        ]
        #expect(OpenAIEmbeddingLLM.batches(long, capability: capability) == [0..<1, 1..<2, 2..<3])
        #expect(OpenAIEmbeddingLLM.batches(["x"], capability: capability) == [0..<1])
    }

    static func withModels(_ body: (OpenAIEmbeddingLLM, GeminiEmbeddingLLM) throws -> Void) async throws {
        try await ProviderFixtures.withConnector(style: .openAI) { openAI in
            try await ProviderFixtures.withConnector(style: .gemini) { gemini in
                try body(
                    OpenAIEmbeddingLLM(
                        metadata: ModelCatalog.metadata(named: "text-embedding-3-large")!, connector: openAI),
                    GeminiEmbeddingLLM(
                        metadata: ModelCatalog.metadata(named: "gemini-embedding-001")!, connector: gemini))
            }
        }
    }

    @Test func bodiesValidateAgainstTheOfficialSchemas() async throws {
        var openAI: [(name: String, body: Data)] = []
        var geminiOne: [(name: String, body: Data)] = []
        var geminiBatch: [(name: String, body: Data)] = []
        try await Self.withModels { model, gemini in
            for (index, options) in [
                EmbeddingOptions(), EmbeddingOptions(dimensions: 256, user: "u"),
                EmbeddingOptions(taskType: "RETRIEVAL_DOCUMENT"),
            ].enumerated() {
                let request = try model.embeddingRequest(["a", "b"], options: options)
                let body = try #require(request.body(for: model.connector.endpoints[0]))
                openAI.append(("openai-\(index)", body))
                #expect(try JSONValue(parsing: body)["model"] == "my-deployment")
                let one = try gemini.embeddingRequest(["a"], options: options)
                geminiOne.append(("gemini-one-\(index)", try #require(one.body(for: gemini.connector.endpoints[0]))))
                let batch = try gemini.embeddingRequest(["a", "b"], options: options)
                geminiBatch.append(
                    ("gemini-batch-\(index)", try #require(batch.body(for: gemini.connector.endpoints[0]))))
                #expect(
                    batch.url?(gemini.connector.endpoints[0]).hasSuffix("/models/my-deployment:batchEmbedContents")
                        == true)
            }
        }
        let schema = try await RequestValidator.openAI(
            schema: "openai-responses-schemas.json", root: "CreateEmbeddingRequest", bodies: openAI)
        #expect(schema.status == 0 && schema.output.contains("3 bodies valid"), "\(schema.output)")
        let one = try await RequestValidator.run("validate_gemini_requests.py", ["embed"], bodies: geminiOne)
        #expect(one.status == 0 && one.output.contains("3 bodies valid"), "\(one.output)")
        let batch = try await RequestValidator.run("validate_gemini_requests.py", ["batch"], bodies: geminiBatch)
        #expect(batch.status == 0 && batch.output.contains("3 bodies valid"), "\(batch.output)")
    }

    @Test func vectorsAreReadFromFloatsOrBase64ByTheirIndex() async throws {
        try await Self.withModels { model, gemini in
            let floats: [Float] = [0.5, -0.25, 1e-3]
            let base64 = floats.withUnsafeBufferPointer { Data(buffer: $0) }.base64EncodedString()
            let (vectors, usage) = try model.parseEmbeddings(
                Data(
                    """
                    {"object": "list", "data": [{"index": 1, "embedding": "\(base64)"}, {"index": 0, "embedding": [1, 2.5, -3e-1]}],
                     "usage": {"prompt_tokens": 4, "total_tokens": 4}}
                    """.utf8), info: Self.info, count: 2)
            #expect(vectors == [[1, 2.5, -0.3], floats])
            #expect(usage == Usage(promptTokens: 4, completionTokens: 0, totalTokens: 4))
            for bad in [
                #"{"data": [{"index": 0, "embedding": [1]}]}"#,
                #"{"data": [{"index": 0, "embedding": [1]}, {"index": 0, "embedding": [2]}]}"#,
                #"{"data": [{"index": 0, "embedding": ["x"]}, {"index": 1, "embedding": [2]}]}"#,
                #"{"data": [{"index": 0, "embedding": "not base64!"}, {"index": 1, "embedding": [2]}]}"#, "[]",
            ] {
                #expect(
                    capture { _ = try model.parseEmbeddings(Data(bad.utf8), info: Self.info, count: 2) }?.code
                        == .decoding, "\(bad)")
            }
            let batch = try gemini.parseEmbeddings(
                Data(#"{"embeddings": [{"values": [1, 2]}, {"values": [3]}]}"#.utf8), info: Self.info, count: 2)
            #expect(batch.vectors == [[1, 2], [3]] && batch.usage == nil)
            #expect(
                try gemini.parseEmbeddings(Data(#"{"embedding": {"values": [0.5]}}"#.utf8), info: Self.info, count: 1)
                    .vectors == [[0.5]])
            #expect(
                capture {
                    _ = try gemini.parseEmbeddings(
                        Data(#"{"embeddings": [{"values": []}]}"#.utf8), info: Self.info, count: 1)
                } != nil)
        }
    }

    @Test func aChatConnectorForAnotherAPIIsRefusedAtOnce() async throws {
        try await ProviderFixtures.withConnector(style: .anthropic) { connector in
            let error = capture {
                _ = try LLMFactory.makeEmbedding(
                    metadata: ModelCatalog.metadata(named: "text-embedding-3-small")!, connector: connector)
            }
            #expect(error?.code == .invalidConfiguration)
            let family = capture {
                _ = try LLMFactory.makeEmbedding(
                    metadata: ModelCatalog.metadata(named: "gpt-4o")!, connector: connector)
            }
            #expect(family?.parameter == "metadata.family")
        }
    }
}
