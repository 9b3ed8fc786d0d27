public import LLMCore

/// Runs many requests in parallel with at most ``maxConcurrent`` in flight (seed 000's inference
/// pool; seed 001's parallel requests across providers).
///
/// Every request gets exactly one result, in input order; one failure never affects the others.
/// Cancelling the task that runs the pool stops scheduling and cancels what is in flight; requests
/// that never started get a `cancelled` result.
///
/// ```swift
/// let pool = LLMPool(maxConcurrent: 16)
/// let results = await pool.run(prompts.map { LLMRequest(model: model, prompt: $0) })
/// ```
public struct LLMPool: Sendable {
    /// The default bound on requests in flight.
    public var maxConcurrent: Int
    /// Receives every request's lifecycle events, unless a request's own context has a handler.
    public var eventHandler: (@Sendable (LLMEvent) -> Void)?

    /// Creates a pool; `maxConcurrent` is at least 1.
    public init(maxConcurrent: Int = 8, eventHandler: (@Sendable (LLMEvent) -> Void)? = nil) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.eventHandler = eventHandler
    }

    /// Runs every request and returns their results in input order.
    public func run(_ requests: [LLMRequest], maxConcurrent: Int? = nil) async -> [Result<LLMResponse, LLMError>] {
        var results = [Result<LLMResponse, LLMError>?](repeating: nil, count: requests.count)
        for await (index, result) in stream(requests, maxConcurrent: maxConcurrent) {
            results[index] = result
        }
        return results.map { $0 ?? .failure(.cancelled()) }
    }

    /// Runs every request, yielding `(index, result)` as each one completes. The stream always
    /// yields one element per request (those never started because the run was cancelled end as
    /// `cancelled`), then finishes.
    public func stream(_ requests: [LLMRequest], maxConcurrent: Int? = nil)
        -> AsyncStream<(index: Int, result: Result<LLMResponse, LLMError>)>
    {
        let limit = max(1, maxConcurrent ?? self.maxConcurrent)
        let handler = eventHandler
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
                        var context = request.context ?? RequestContext()
                        if context.eventHandler == nil { context.eventHandler = handler }
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
