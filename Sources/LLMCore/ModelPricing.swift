/// Prices of a model in US dollars per million tokens, and the date they were read.
public struct ModelPricing: Sendable, Hashable {
    /// Dollars per million prompt tokens.
    public var inputPerMillion: Double
    /// Dollars per million cached prompt tokens; nil bills them as ordinary input.
    public var cachedInputPerMillion: Double?
    /// Dollars per million completion tokens (reasoning tokens included).
    public var outputPerMillion: Double
    /// When the prices were taken (`YYYY-MM-DD`), since providers change them.
    public var asOf: String

    /// Creates prices.
    public init(inputPerMillion: Double, cachedInputPerMillion: Double? = nil, outputPerMillion: Double, asOf: String) {
        self.inputPerMillion = inputPerMillion
        self.cachedInputPerMillion = cachedInputPerMillion
        self.outputPerMillion = outputPerMillion
        self.asOf = asOf
    }

    /// The cost of `usage` in dollars: uncached input, cached input and output at their prices.
    public func cost(of usage: Usage) -> Double {
        let cached = min(usage.cachedTokens ?? 0, usage.promptTokens)
        let uncached = usage.promptTokens - cached
        let cachedPrice = cachedInputPerMillion ?? inputPerMillion
        return
            (Double(uncached) * inputPerMillion + Double(cached) * cachedPrice
            + Double(usage.completionTokens) * outputPerMillion) / 1_000_000
    }
}
