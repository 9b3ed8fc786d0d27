import Connectors
import Foundation
import LLMCore

/// One embedding API's wire format: the request for a batch of inputs and the vectors back. The
/// lifecycle around it — checks before any network call, splitting the inputs into requests
/// within the API's limits, sending them through the connector (failover, retries, rate limits,
/// metrics) with a bounded concurrency, and summing usage and cost — is written once, in the
/// extension of this protocol (``embedAll(_:context:options:)``).
protocol EmbeddingWireFormat: RemoteBaseLLM {
    /// The request for one batch of inputs (within ``LLMCore/EmbeddingCapability`` limits).
    func embeddingRequest(_ inputs: [String], options: EmbeddingOptions) throws(LLMError) -> ConnectorRequest

    /// The vectors of one batch, in its order, and the usage the API reports.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) when the body is not the API's answer or holds
    ///   another number of vectors than inputs.
    func parseEmbeddings(_ body: Data, info: ResponseInfo, count: Int) throws(LLMError) -> (
        vectors: [[Float]], usage: Usage?
    )
}

/// How many batch requests of one ``EmbeddingWireFormat/embedAll(_:context:options:)`` call are in
/// flight at once.
let embeddingConcurrency = 4

extension EmbeddingWireFormat {
    /// The model's embedding capability (a model without one takes 1 input of 8,192 tokens).
    var embeddingCapability: EmbeddingCapability {
        metadata.capabilities.embedding
            ?? EmbeddingCapability(dimensions: 0, maxInputsPerRequest: 1, maxInputTokens: 8_192)
    }

    /// Checks the inputs and options, splits the inputs into requests, sends them (at most four at
    /// once) and joins the vectors in the inputs' order, with the summed usage and its cost; one
    /// call of the request lifecycle (span, metrics, `responseCreated` or `failed`; `requested` per
    /// batch request).
    /// - Throws: ``LLMCore/LLMError``: `invalidRequest` for no input, an empty input or a
    ///   `dimensions` the model cannot give (before any network call); the first failed request's
    ///   error otherwise (the other requests are cancelled).
    func embedAll(_ inputs: [String], context: RequestContext, options: EmbeddingOptions) async throws
        -> EmbeddingResponse
    {
        try await measured(context: context) {
            try checkEndpoints()
            try validate(inputs, options: options)
            let batches = Self.batches(inputs, capability: embeddingCapability)
            var results = [(vectors: [[Float]], usage: Usage?, info: ResponseInfo)?](
                repeating: nil, count: batches.count)
            try await withThrowingTaskGroup(of: (Int, [[Float]], Usage?, ResponseInfo).self) { group in
                var next = 0
                func add() {
                    let index = next
                    let batch = Array(inputs[batches[index]])
                    next += 1
                    group.addTask { try await self.send(batch, index: index, options: options, context: context) }
                }
                while next < min(embeddingConcurrency, batches.count) { add() }
                while let (index, vectors, usage, info) = try await group.next() {
                    results[index] = (vectors, usage, info)
                    if next < batches.count { add() }
                }
            }
            let done = results.compactMap { $0 }
            guard let last = done.last?.info, let first = done.first?.vectors.first?.count else {
                throw LLMError(code: .decoding, message: "the service answered no vectors")
            }
            // Each batch's vectors are of one length; so must all batches' be.
            if let other = done.first(where: { $0.vectors.first?.count != first }) {
                throw LLMError(
                    code: .decoding,
                    message:
                        "the requests' vectors differ in length (\(first) and \(other.vectors.first?.count ?? 0) values)",
                    endpoint: other.info.endpoint, requestId: other.info.requestId)
            }
            let usages = done.compactMap(\.usage)
            let usage =
                usages.isEmpty
                ? nil
                : usages.dropFirst().reduce(usages[0]) { sum, next in
                    Usage(
                        promptTokens: Usage.saturatingSum(sum.promptTokens, next.promptTokens),
                        completionTokens: 0, totalTokens: Usage.saturatingSum(sum.totalTokens, next.totalTokens))
                }
            if let usage { instruments.tokens(input: max(0, usage.promptTokens), output: nil) }
            let response = EmbeddingResponse(
                vectors: done.flatMap(\.vectors), model: metadata.name, usage: usage, costUSD: cost(of: usage),
                requests: done.count, requestIds: done.compactMap(\.info.requestId), endpoint: last.endpoint)
            return (response, last)
        }
    }

    /// One batch through the connector.
    private func send(_ batch: [String], index: Int, options: EmbeddingOptions, context: RequestContext)
        async throws -> (Int, [[Float]], Usage?, ResponseInfo)
    {
        var request = try embeddingRequest(batch, options: options)
        request.tokenEstimate = batch.reduce(0) { Usage.saturatingSum($0, BaseLLM.estimateTokens($1)) }
        requested(context: context)
        let response = try await connector.send(request, context: context)
        let (vectors, usage) = try parseEmbeddings(response.body, info: response.info, count: batch.count)
        try checkVectors(vectors, options: options, info: response.info)
        await connector.settle(response.info, usedTokens: usage?.totalTokens ?? request.tokenEstimate)
        return (index, vectors, usage, response.info)
    }

    /// Checks one answer's vectors, whatever the API: all of one length — the requested
    /// `dimensions`, else the model's own where the catalog knows it — and every value a finite
    /// Float (a number beyond Float's range, such as 1e39, is not a value the model gave).
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) naming the vector and what is wrong.
    func checkVectors(_ vectors: [[Float]], options: EmbeddingOptions, info: ResponseInfo) throws(LLMError) {
        func failure(_ message: String) -> LLMError {
            LLMError(code: .decoding, message: message, endpoint: info.endpoint, requestId: info.requestId)
        }
        let known = embeddingCapability.dimensions > 0 ? embeddingCapability.dimensions : nil
        let expected = options.dimensions ?? known ?? vectors.first?.count ?? 0
        for (index, vector) in vectors.enumerated() {
            guard vector.count == expected else {
                let source =
                    options.dimensions != nil
                    ? "the requested dimensions" : known != nil ? "\(metadata.name)'s" : "vector 0's"
                throw failure("vector \(index) has \(vector.count) values, not \(expected) (\(source))")
            }
            if let bad = vector.firstIndex(where: { !$0.isFinite }) {
                throw failure("vector \(index) holds a value that is not a finite Float at position \(bad)")
            }
        }
    }

    /// The checks made before any request: inputs present and not empty, `dimensions` allowed.
    func validate(_ inputs: [String], options: EmbeddingOptions) throws(LLMError) {
        guard !inputs.isEmpty else {
            throw LLMError(
                code: .invalidRequest, message: "there is nothing to embed", hint: "pass at least one input",
                parameter: "inputs")
        }
        if let index = inputs.firstIndex(where: { $0.isEmpty }) {
            throw LLMError(
                code: .invalidRequest, message: "inputs[\(index)] is empty, which the API rejects",
                hint: "drop empty inputs before embedding", parameter: "inputs[\(index)]")
        }
        if let dimensions = options.dimensions {
            guard let allowed = embeddingCapability.allowedDimensions else {
                throw LLMError(
                    code: .invalidRequest, message: "\(metadata.name) cannot shorten its vectors",
                    hint: "leave dimensions unset (its vectors have \(embeddingCapability.dimensions))",
                    parameter: "dimensions")
            }
            guard allowed.contains(dimensions) else {
                throw .outOfRange("dimensions", value: "\(dimensions)", allowed: "\(allowed) for \(metadata.name)")
            }
        }
    }

    /// The inputs split into consecutive ranges of at most `maxInputsPerRequest` inputs and (by the
    /// estimate) `maxRequestTokens` tokens; an input over the token limit on its own goes alone,
    /// and the API says whether it takes it.
    static func batches(_ inputs: [String], capability: EmbeddingCapability) -> [Range<Int>] {
        let maxInputs = max(1, capability.maxInputsPerRequest)
        let maxTokens = capability.maxRequestTokens ?? Int.max
        var ranges: [Range<Int>] = []
        var start = 0
        var tokens = 0
        for (index, input) in inputs.enumerated() {
            let estimate = BaseLLM.estimateTokens(input)
            if index > start && (index - start >= maxInputs || Usage.saturatingSum(tokens, estimate) > maxTokens) {
                ranges.append(start..<index)
                start = index
                tokens = 0
            }
            tokens = Usage.saturatingSum(tokens, estimate)
        }
        ranges.append(start..<inputs.count)
        return ranges
    }
}
