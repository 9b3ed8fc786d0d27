/// What a request does with the cache.
///
/// ```swift
/// let fresh = try await cached.getAnswer(messages, mode: .refresh)
/// // Or for every cached model the operation reaches, through any wrapper (an agent, a thread):
/// try await CacheMode.$current.withValue(.bypass) { try await agent.run("…") }
/// ```
public enum CacheMode: Sendable, Hashable {
    /// Answer from the cache when it holds the answer; otherwise ask the model and store its answer.
    case use
    /// Ask the model even when the cache holds an answer, and store the new one.
    case refresh
    /// Ask the model and leave the cache alone.
    case bypass

    /// The mode of the requests made within `CacheMode.$current.withValue(_:operation:)`; nil (the
    /// default) leaves each ``CachedLLM`` its own ``CachedLLM/mode``.
    @TaskLocal public static var current: CacheMode?
}
