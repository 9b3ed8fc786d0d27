/// Prices of a model in US dollars per million tokens, and the date they were read.
public struct ModelPricing: Sendable, Hashable {
    /// Dollars per million prompt tokens.
    public var inputPerMillion: Double
    /// Dollars per million prompt tokens read from the cache; nil bills them as ordinary input.
    public var cachedInputPerMillion: Double?
    /// Dollars per million prompt tokens written to the cache; nil bills them as ordinary input.
    public var cacheWritePerMillion: Double?
    /// Dollars per million prompt tokens written to the cache with the long lifetime; nil bills
    /// them at ``cacheWritePerMillion``.
    public var extendedCacheWritePerMillion: Double?
    /// Dollars per million completion tokens (reasoning tokens included).
    public var outputPerMillion: Double
    /// When the prices were taken (`YYYY-MM-DD`), since providers change them.
    public var asOf: String

    /// Creates prices.
    public init(
        inputPerMillion: Double, cachedInputPerMillion: Double? = nil, cacheWritePerMillion: Double? = nil,
        extendedCacheWritePerMillion: Double? = nil, outputPerMillion: Double, asOf: String
    ) {
        self.inputPerMillion = inputPerMillion
        self.cachedInputPerMillion = cachedInputPerMillion
        self.cacheWritePerMillion = cacheWritePerMillion
        self.extendedCacheWritePerMillion = extendedCacheWritePerMillion
        self.outputPerMillion = outputPerMillion
        self.asOf = asOf
    }

    /// The cost of `usage` in dollars: uncached input, cache reads, cache writes (short and long
    /// lifetime) and output, each at its price. Counts below zero count as zero, and the parts of
    /// the prompt never exceed the prompt, so the cost is never negative.
    public func cost(of usage: Usage) -> Double {
        let prompt = Double(max(0, usage.promptTokens))
        let cached = min(Double(max(0, usage.cachedTokens ?? 0)), prompt)
        let written = min(Double(max(0, usage.cacheCreationTokens ?? 0)), prompt - cached)
        let extended = min(Double(max(0, usage.extendedCacheCreationTokens ?? 0)), written)
        let uncached = prompt - cached - written
        let writePrice = cacheWritePerMillion ?? inputPerMillion
        let input =
            uncached * inputPerMillion + cached * (cachedInputPerMillion ?? inputPerMillion)
            + (written - extended) * writePrice + extended * (extendedCacheWritePerMillion ?? writePrice)
        return (input + Double(max(0, usage.completionTokens)) * outputPerMillion) / 1_000_000
    }
}
