import Foundation
import LLMProviders
import NIOConcurrencyHelpers
import SwiftLLM

/// Keeps secrets and a server's control characters out of everything the CLI prints or writes.
///
/// Secrets — the keys given by flag, in a config file or in the environment, and proxy
/// passwords — are masked in every
/// spelling a message may quote them in (``Connectors/APIKey/spellings``). Text that came from a server has its control characters escaped
/// (`\u{1B}`), so it cannot clear the screen, move the cursor or forge a line.
final class Redactor: Sendable {
    /// The process's redactor: commands add their secrets to it as they parse their options.
    static let shared = Redactor()

    /// The environment variables that hold secrets: every registered provider's.
    static var secretVariables: [String] { ProviderRegistry.secretVariables }

    /// Every spelling of every secret, longest first.
    private let spellings = NIOLockedValueBox<[String]>([])

    /// The environment variables that may hold a proxy URL with a password.
    static let proxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]

    private init() {
        let environment = ProcessInfo.processInfo.environment
        add(Self.secretVariables.compactMap { environment[$0] })
        add(Self.proxyVariables.compactMap { environment[$0].flatMap { URL(string: $0)?.password } })
    }

    /// Adds secrets to mask, in all their spellings (``Connectors/APIKey/spellings``).
    func add(_ secrets: [String]) {
        let forms = secrets.flatMap { APIKey($0).spellings }
        // Longest first, so a secret's longer spelling is masked before a shorter one inside it.
        spellings.withLockedValue { $0 = Array(Set($0 + forms)).sorted { $0.count > $1.count } }
    }

    /// The longest spelling of any secret, in characters (0 without secrets).
    var longest: Int {
        spellings.withLockedValue { $0.first?.count ?? 0 }
    }

    /// `text` with every spelling of every secret replaced by `***`.
    func mask(_ text: String) -> String {
        let forms = spellings.withLockedValue { $0 }
        var result = text
        for form in forms where result.contains(form) {
            result = result.replacingOccurrences(of: form, with: "***")
        }
        return result
    }

    /// `text` from a server, masked and safe for a terminal: control characters (C0, DEL, C1)
    /// written as `\u{XX}`; line breaks and tabs kept when `keepLineBreaks`.
    func server(_ text: String, keepLineBreaks: Bool = true) -> String {
        Self.terminalSafe(mask(text), keepLineBreaks: keepLineBreaks)
    }

    /// Control characters written as `\u{XX}`; `\n` and `\t` kept when `keepLineBreaks`.
    static func terminalSafe(_ text: String, keepLineBreaks: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0, keepLineBreaks: keepLineBreaks) }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepLineBreaks: keepLineBreaks) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar, keepLineBreaks: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepLineBreaks
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}

/// Masks secrets in text printed piece by piece (a streamed answer): the last characters that
/// could start a secret split across pieces are held back until the next piece or ``finish()``.
struct StreamingRedaction {
    private var pending = ""

    /// The part of `piece` (with what was held) that is safe to print now.
    mutating func add(_ piece: String) -> String {
        pending += piece
        let masked = Redactor.shared.mask(pending)
        let hold = max(0, Redactor.shared.longest - 1)
        guard masked.count > hold else {
            pending = masked
            return ""
        }
        let cut = masked.index(masked.endIndex, offsetBy: -hold)
        pending = String(masked[cut...])
        return Redactor.terminalSafe(String(masked[..<cut]), keepLineBreaks: true)
    }

    /// What was held back.
    mutating func finish() -> String {
        defer { pending = "" }
        return Redactor.shared.server(pending)
    }
}
