/// Marks the end of a prompt prefix for the provider to cache (explicit prompt caching, as
/// Anthropic offers it): set it on a message or a tool, and everything up to and including it is
/// cached. Providers that cache prefixes automatically (OpenAI, Azure) ignore it.
///
/// ```swift
/// var system = ChatMessage.system(longInstructions)
/// system.cache = .standard
/// ```
public struct CacheBreakpoint: Sendable, Hashable {
    /// How long the cached prefix should live; nil uses the provider's default (Anthropic: 5
    /// minutes). The provider rounds up to the lifetimes it offers (Anthropic: 5 minutes or 1 hour).
    public var ttl: Duration?

    /// Creates a breakpoint.
    public init(ttl: Duration? = nil) {
        self.ttl = ttl
    }

    /// A breakpoint with the provider's default lifetime.
    public static let standard = CacheBreakpoint()
    /// A breakpoint whose prefix lives an hour, where the provider offers it.
    public static let extended = CacheBreakpoint(ttl: .seconds(3_600))
}
