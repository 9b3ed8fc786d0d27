import Foundation
import SwiftLLM

/// Prints a failure as one line on stderr, `error[<code>]: <message> (hint: ...)`, and exits 1.
/// Any secret given on the command line or in the environment is masked, in case a service echoed it.
enum CLIFailure {
    static func exit(_ error: any Error, secrets: [String] = []) -> Never {
        let failure = LLMError(wrapping: error)
        var line = "error[\(failure.code)]: \(failure.message)"
        if let status = failure.httpStatus, !failure.message.contains("HTTP \(status)") { line += " (HTTP \(status))" }
        if let hint = failure.hint { line += " (hint: \(hint))" }
        let environment = ProcessInfo.processInfo.environment
        let known =
            secrets
            + [
                "AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
                "ANTHROPIC_AUTH_TOKEN",
            ]
            .compactMap { environment[$0] }
        for secret in known where secret.count >= 4 {
            line = line.replacingOccurrences(of: secret, with: "***")
        }
        line = line.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data((line + "\n").utf8))
        Foundation.exit(1)
    }
}
