/// How a model takes a reasoning setting: the effort levels it accepts, the thinking budgets it
/// accepts, whether a budget of 0 turns thinking off, and whether an effort is sent as a level
/// (Gemini 3) or turned into a budget (Gemini 2.5, Claude).
///
/// A profile of the catalog carries the model's own ranges; a model id the catalog does not know
/// has none, so nothing is checked on the client and the service decides.
public struct ReasoningRange: Sendable, Hashable {
    /// The `reasoningEffort` levels the model accepts; nil accepts any.
    public var efforts: [ReasoningEffort]?
    /// The thinking budgets (tokens) the model accepts; nil accepts any.
    public var budget: ClosedRange<Int>?
    /// Whether a budget of 0 turns thinking off.
    public var canBeOff: Bool
    /// Whether an effort is sent as a level rather than turned into a budget.
    public var effortAsLevel: Bool

    /// Creates a range; the defaults accept everything.
    public init(
        efforts: [ReasoningEffort]? = nil, budget: ClosedRange<Int>? = nil, canBeOff: Bool = true,
        effortAsLevel: Bool = false
    ) {
        self.efforts = efforts
        self.budget = budget
        self.canBeOff = canBeOff
        self.effortAsLevel = effortAsLevel
    }
}
