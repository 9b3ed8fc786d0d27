import Foundation
public import LLMCore

/// Any ``LLMCore/LLM`` (a model, a router, another wrapper) in front of a ``ResponseCache``: a hit
/// answers from the cache, a miss asks the model and stores its answer, and identical requests in
/// flight at once make one call. A streamed hit is replayed as a stream (its chunks are not the
/// original's boundaries); a follower of a streamed request gets its chunks when the leader's
/// answer is complete.
///
/// A hit's response carries ``ResponseCacheHit`` (``LLMCore/LLMResponse/cacheHit``), the original
/// usage, a cost of 0, no endpoint and 0 attempts. Requests whose messages refer to a local file
/// (``LLMMedia/ImageInput/Source/file(path:)``) are never cached: the key cannot vouch for the
/// file's content.
///
/// ```swift
/// let model = try LLMFactory.make(metadata: metadata, connector: connector).cached(cache)
/// let first = try await model.getAnswer("Name three primes.")        // asks the model
/// let second = try await model.getAnswer("Name three primes.")       // from the cache
/// let fresh = try await model.getAnswer([.user("Name three primes.")], mode: .refresh)
/// ```
public struct CachedLLM: LLM {
    /// The model asked on a miss.
    public let base: any LLM
    /// Where answers are kept.
    public let cache: ResponseCache
    /// What requests do with the cache unless ``CacheMode/current`` says otherwise.
    public var mode: CacheMode

    /// Wraps `base` in `cache`.
    public init(base: any LLM, cache: ResponseCache, mode: CacheMode = .use) {
        self.base = base
        self.cache = cache
        self.mode = mode
    }

    /// The base model's metadata.
    public var metadata: ModelMetadata { base.metadata }

    /// The answer from the cache, or from the model (then stored), by ``CacheMode/current`` or
    /// ``mode``.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try await getAnswer(messages, context: context, options: options, mode: CacheMode.current ?? mode)
    }

    /// The answer, with this request's own `mode`.
    public func getAnswer(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), mode: CacheMode
    ) async throws -> LLMResponse {
        let start = ContinuousClock.now
        guard let key = key(messages, options, mode) else {
            cache.count("bypass")
            return try await base.getAnswer(messages, context: context, options: options)
        }
        switch try await cache.start(key, mode: mode, context: context) {
        case .answer(let answer, let shared):
            return served(answer, context: context, since: start, shared: shared)
        case .lead(let flight):
            do {
                let response = try await base.getAnswer(messages, context: context, options: options)
                await cache.finish(key, flight, cache.storable(response))
                return response
            } catch {
                await cache.finish(key, flight, nil)
                throw error
            }
        }
    }

    /// The answer as a stream, from the cache or the model (then stored when it completes), by
    /// ``CacheMode/current`` or ``mode``.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        streamAnswer(messages, context: context, options: options, mode: CacheMode.current ?? mode)
    }

    /// The answer as a stream, with this request's own `mode`.
    public func streamAnswer(
        _ messages: [ChatMessage], context: RequestContext = RequestContext(),
        options: GenerationOptions = GenerationOptions(), mode: CacheMode
    ) -> AsyncThrowingStream<LLMStreamChunk, any Error> {
        guard let key = key(messages, options, mode) else {
            cache.count("bypass")
            return base.streamAnswer(messages, context: context, options: options)
        }
        let (stream, continuation) = AsyncThrowingStream<LLMStreamChunk, any Error>.makeStream()
        let task = Task {
            do {
                switch try await cache.start(key, mode: mode, context: context) {
                case .answer(let answer, let shared):
                    replay(answer, shared: shared, into: continuation)
                case .lead(let flight):
                    do {
                        let answer = try await relay(
                            base.streamAnswer(messages, context: context, options: options), into: continuation)
                        await cache.finish(key, flight, answer)
                        continuation.finish()
                    } catch {
                        await cache.finish(key, flight, nil)
                        throw error
                    }
                }
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: - Helpers

    /// The request's key, or nil when it bypasses the cache (the mode, or a file the key cannot
    /// vouch for).
    private func key(_ messages: [ChatMessage], _ options: GenerationOptions, _ mode: CacheMode) -> String? {
        guard mode != .bypass else { return nil }
        return ResponseCacheKey.make(
            namespace: cache.configuration.namespace, metadata: base.metadata, messages: messages, options: options)
    }

    /// A stored answer as this request's response.
    private func served(
        _ answer: CachedAnswer, context: RequestContext, since start: ContinuousClock.Instant, shared: Bool
    )
        -> LLMResponse
    {
        var response = answer.response
        response.requestId = context.requestId
        response.latency = .now - start
        response.costUSD = 0
        response.extras[ResponseCacheHit.self] = hit(answer, shared: shared)
        return response
    }

    private func hit(_ answer: CachedAnswer, shared: Bool) -> ResponseCacheHit {
        ResponseCacheHit(
            storedAt: Date(timeIntervalSince1970: answer.storedAt), savedUsage: answer.usage,
            savedUSD: answer.costUSD ?? answer.usage.flatMap { usage in metadata.pricing?.cost(of: usage) },
            shared: shared)
    }

    /// Replays a stored answer, the hit marked on its first chunk.
    private func replay(
        _ answer: CachedAnswer, shared: Bool,
        into continuation: AsyncThrowingStream<LLMStreamChunk, any Error>.Continuation
    ) {
        var chunks = answer.chunks
        chunks[0].extras[ResponseCacheHit.self] = hit(answer, shared: shared)
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish()
    }

    /// Passes the model's stream on, chunk by chunk; the complete answer when it is one to store.
    private func relay(
        _ upstream: AsyncThrowingStream<LLMStreamChunk, any Error>,
        into continuation: AsyncThrowingStream<LLMStreamChunk, any Error>.Continuation
    ) async throws -> CachedAnswer? {
        var accumulator = StreamAccumulator()
        for try await chunk in upstream {
            accumulator.add(chunk)
            continuation.yield(chunk)
        }
        // The consumer went away: what it read is not a complete answer for the others.
        try Task.checkCancellation()
        var response = accumulator.response
        response.costUSD = response.usage.flatMap { usage in metadata.pricing?.cost(of: usage) }
        return cache.storable(response)
    }
}

extension LLM {
    /// This model behind `cache`: answers are stored and served by ``CachedLLM``.
    public func cached(_ cache: ResponseCache, mode: CacheMode = .use) -> CachedLLM {
        CachedLLM(base: self, cache: cache, mode: mode)
    }
}
