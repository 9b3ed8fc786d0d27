/// A stream whose elements `produce` pushes from a task of its own: it finishes when `produce`
/// returns, fails with the error `produce` throws, and cancels `produce` when the consumer stops
/// listening. The one way the package makes a pushed stream (media, raw bodies,
/// the router, agent runs).
package func pushStream<Element: Sendable>(
    of type: Element.Type = Element.self,
    _ produce: @escaping @Sendable (AsyncThrowingStream<Element, any Error>.Continuation) async throws -> Void
) -> AsyncThrowingStream<Element, any Error> {
    let (stream, continuation) = AsyncThrowingStream.makeStream(of: Element.self)
    let task = Task {
        do {
            try await produce(continuation)
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }
    continuation.onTermination = { _ in task.cancel() }
    return stream
}
