public import LLMCore

extension LLMError {
    /// This error with every spelling of every secret (``APIKey/spellings``) replaced by `***` in
    /// what it says and carries (message, hint, provider message, body, partial text, and the
    /// errors of earlier attempts): a server that echoes a key back cannot put it into an error.
    public func redacting(_ secrets: [APIKey]) -> LLMError {
        let spellings = secrets.flatMap(\.spellings).sorted { $0.count > $1.count }
        guard !spellings.isEmpty else { return self }
        func clean(_ text: String?) -> String? {
            guard var text else { return nil }
            for spelling in spellings where text.contains(spelling) {
                text = text.replacingOccurrences(of: spelling, with: "***")
            }
            return text
        }
        var copy = self
        copy.message = clean(message) ?? message
        copy.hint = clean(hint)
        copy.providerMessage = clean(providerMessage)
        copy.body = clean(body)
        copy.partialContent = clean(partialContent)
        copy.attemptErrors = attemptErrors.map { $0.redacting(secrets) }
        return copy
    }
}
