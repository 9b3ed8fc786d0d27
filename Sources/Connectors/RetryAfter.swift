import Foundation

/// Reads how long a service asked the client to wait.
enum RetryAfter {
    /// The longest wait read from a header: a day. Longer values (`1e300`) are clamped to it, so a
    /// server cannot make the conversion trap; anything over the policy's cap is surfaced anyway.
    static let longest: Double = 86_400_000

    /// `retry-after-ms` (milliseconds) first, then `retry-after` as seconds or an HTTP date; negative,
    /// non-finite and unreadable values are ignored, huge ones clamped to ``longest``.
    static func parse(retryAfterMs: String?, retryAfter: String?, now: Date = Date()) -> Duration? {
        if let text = retryAfterMs?.trimmingCharacters(in: .whitespaces), let ms = Double(text), ms.isFinite, ms >= 0 {
            return .milliseconds(min(ms, longest))
        }
        guard let text = retryAfter?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .milliseconds(min(seconds * 1000, longest))
        }
        guard let date = httpDate(text) else { return nil }
        let wait = date.timeIntervalSince(now) * 1000
        return .milliseconds(wait.isFinite ? min(max(0, wait), longest) : 0)
    }

    /// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
