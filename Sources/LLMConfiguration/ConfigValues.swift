import Configuration
import Foundation
import LLMCore

/// Typed reads from a `ConfigReader` with the library's errors: a value of the wrong type or out of
/// range is an `invalidConfiguration` error naming the key, never a silent default.
@available(macOS 15, iOS 18, watchOS 11, tvOS 18, visionOS 2, *)
struct ConfigValues {
    let config: ConfigReader
    /// The reader's scope, for the key names in errors (`llm.`).
    let scope: String

    init(_ config: ConfigReader, scope: String) {
        self.config = config
        self.scope = scope.isEmpty || scope.hasSuffix(".") ? scope : scope + "."
    }

    /// The first of `keys` that is set (a camelCase key, then seed 004's snake_case spelling).
    func string(_ keys: String..., isSecret: Bool = false) -> String? {
        for key in keys {
            if let value = config.string(forKey: ConfigKey(key), isSecret: isSecret), !value.isEmpty { return value }
        }
        return nil
    }

    func stringArray(_ key: String) -> [String]? {
        config.stringArray(forKey: ConfigKey(key))
    }

    /// A whole number in `range`. A value that is set but not a whole number is an error.
    func int(_ key: String, in range: ClosedRange<Int>) throws(LLMError) -> Int? {
        guard let value = config.int(forKey: ConfigKey(key)) else {
            try unreadable(key, "must be a whole number")
            return nil
        }
        guard range.contains(value) else {
            throw invalid(key, "must be from \(range.lowerBound) to \(range.upperBound)", "\(value)")
        }
        return value
    }

    /// A number of seconds (`2.5`) in `range`, as a duration.
    func seconds(_ key: String, in range: ClosedRange<Double> = 0...86_400) throws(LLMError) -> Duration? {
        guard let value = config.double(forKey: ConfigKey(key)) else {
            try unreadable(key, "must be a number of seconds")
            return nil
        }
        guard value.isFinite, range.contains(value) else {
            throw invalid(key, "must be from \(range.lowerBound) to \(range.upperBound) seconds", "\(value)")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    /// `true` or `false`.
    func bool(_ key: String) throws(LLMError) -> Bool? {
        guard let value = config.bool(forKey: ConfigKey(key)) else {
            try unreadable(key, "must be true or false")
            return nil
        }
        return value
    }

    /// Throws when `key` is set but not of the type asked for (the typed read returned nil).
    private func unreadable(_ key: String, _ rule: String) throws(LLMError) {
        if let text = config.string(forKey: ConfigKey(key)) { throw invalid(key, rule, text) }
    }

    /// One of `cases`' raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(LLMError) -> T?
    where T.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = T(rawValue: text) else {
            throw invalid(key, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", text)
        }
        return value
    }

    func invalid(_ key: String, _ rule: String, _ value: String) -> LLMError {
        LLMError(
            code: .invalidConfiguration, message: "\(scope)\(key) \(rule); got '\(value.prefix(64))'",
            hint: "fix \(scope)\(key) in the environment, the configuration file or the command line",
            parameter: scope + key)
    }
}
