/// A value one provider reports beyond the neutral fields of a response (OpenAI's system
/// fingerprint, Anthropic's matched stop sequence): declared by the provider's module, read back
/// by its type through ``ProviderExtras``.
public protocol ProviderExtra: Sendable, Hashable {}

/// The provider-owned extras of a response or chunk, keyed by their type.
///
/// ```swift
/// if let openAI = response.extras[OpenAIChatExtras.self] { print(openAI.systemFingerprint ?? "") }
/// ```
public struct ProviderExtras: Sendable, Hashable {
    /// A stored extra: equal to another when both are of one type and equal as that type.
    private struct Box: Sendable, Hashable {
        let value: any ProviderExtra

        static func == (lhs: Box, rhs: Box) -> Bool { lhs.value.isEqual(to: rhs.value) }

        func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
    }

    private var values: [ObjectIdentifier: Box] = [:]

    /// No extras.
    public init() {}

    /// The extra of this type, if the provider reported one.
    public subscript<Extra: ProviderExtra>(_ type: Extra.Type) -> Extra? {
        get { values[ObjectIdentifier(type)]?.value as? Extra }
        set { values[ObjectIdentifier(type)] = newValue.map { Box(value: $0) } }
    }

    /// Whether there are none.
    public var isEmpty: Bool { values.isEmpty }

    /// Adds `other`'s extras, replacing those of the same type.
    public mutating func merge(_ other: ProviderExtras) {
        values.merge(other.values) { _, new in new }
    }
}

extension ProviderExtra {
    /// Whether `other` is of this type and equal to this value.
    fileprivate func isEqual(to other: any ProviderExtra) -> Bool {
        (other as? Self) == self
    }
}
