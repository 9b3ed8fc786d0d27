import LLMCore
import LLMSupport

/// A token count as a response carries it: a whole number, or a value that is not one (a
/// fraction, a number too large for `Int`, a string), kept so the parser can say so instead of
/// reading it as absent.
enum WireCount: Sendable, Hashable {
    case count(Int)
    case invalid(String)

    /// The largest count believed: 2^40 (about 1.1 trillion tokens).
    static let largest = 1 << 40

    /// The count, checked: nil when absent.
    /// - Throws: ``LLMCore/LLMError`` (`decoding`) naming the field and the value, for a negative,
    ///   fractional or absurdly large count — never a trap, never a negative cost.
    static func checked(_ value: WireCount?, _ field: String) throws(LLMError) -> Int? {
        switch value {
        case nil: return nil
        case .count(let count) where (0...largest).contains(count): return count
        case .count(let count): throw invalid(field, "\(count)")
        case .invalid(let text): throw invalid(field, text)
        }
    }

    private static func invalid(_ field: String, _ text: String) -> LLMError {
        LLMError(
            code: .decoding,
            message: "the usage's \(field) is \(text.prefix(40)), not a token count (a whole number from 0 to 2^40)")
    }
}

extension JSONParser {
    /// A count member (see ``WireCount``); nil for `null`.
    mutating func readCount() throws(Failure) -> WireCount? {
        let value = try readValue()
        switch value {
        case .null: return nil
        case .int(let count): return .count(count)
        default: return .invalid(value.jsonString)
        }
    }
}
