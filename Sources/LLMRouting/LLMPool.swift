public import LLMCore

/// Runs many requests in parallel with at most ``maxConcurrent`` in flight (seed 000's inference
/// pool; seed 001's parallel requests across providers).
///
/// Every request gets exactly one result, in input order; one failure never affects the others.
/// Cancelling the task that runs the pool stops scheduling and cancels what is in flight; requests
/// that never started get a `cancelled` result.
///
/// A request without its own ``LLMRequest/context`` runs under a copy of the run's `context` with a
/// fresh request id: its deadline, logger, tags and event handler (how a pool's requests are
/// observed).
///
/// ```swift
/// let pool = LLMPool(maxConcurrent: 16)
/// let results = await pool.run(prompts.map { LLMRequest(model: model, prompt: $0) })
/// ```
public struct LLMPool: Sendable {
    /// The default bound on requests in flight.
    public var maxConcurrent: Int

    /// Creates a pool; `maxConcurrent` is at least 1.
    public init(maxConcurrent: Int = 8) {
        self.maxConcurrent = max(1, maxConcurrent)
    }

    /// Runs every request and returns their results in input order.
    public func run(
        _ requests: [LLMRequest], maxConcurrent: Int? = nil, context: RequestContext = RequestContext()
    ) async -> [Result<LLMResponse, LLMError>] {
        var results = [Result<LLMResponse, LLMError>?](repeating: nil, count: requests.count)
        for await (index, result) in stream(requests, maxConcurrent: maxConcurrent, context: context) {
            results[index] = result
        }
        return results.map { $0 ?? .failure(.cancelled()) }
    }

    /// Runs every request, yielding `(index, result)` as each one completes. The stream always
    /// yields one element per request (those never started because the run was cancelled end as
    /// `cancelled`), then finishes.
    public func stream(
        _ requests: [LLMRequest], maxConcurrent: Int? = nil, context base: RequestContext = RequestContext()
    ) -> AsyncStream<(index: Int, result: Result<LLMResponse, LLMError>)> {
        let limit = max(1, maxConcurrent ?? self.maxConcurrent)
        let (stream, continuation) = AsyncStream.makeStream(
            of: (index: Int, result: Result<LLMResponse, LLMError>).self, bufferingPolicy: .unbounded)
        let task = Task {
            await withTaskGroup(of: (Int, Result<LLMResponse, LLMError>).self) { group in
                var next = 0
                func schedule() {
                    let index = next
                    next += 1
                    let request = requests[index]
                    group.addTask {
                        let context = request.context ?? base.withRequestId(RequestContext.makeRequestId())
                        do {
                            let response = try await request.model.getAnswer(
                                request.messages, context: context, options: request.options)
                            return (index, .success(response))
                        } catch {
                            return (index, .failure(LLMError(wrapping: error)))
                        }
                    }
                }
                while next < requests.count && next < limit { schedule() }
                while let (index, result) = await group.next() {
                    continuation.yield((index, result))
                    if next < requests.count && !Task.isCancelled { schedule() }
                }
                // Cancelled before everything was scheduled: the rest still get a result.
                while next < requests.count {
                    continuation.yield((next, .failure(.cancelled(requestId: requests[next].context?.requestId))))
                    next += 1
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }
}
