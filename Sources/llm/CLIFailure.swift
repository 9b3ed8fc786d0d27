import Foundation
import SwiftLLM

/// Prints a failure as one line on stderr, `error[<code>]: <message> (hint: ...)`, and exits 1.
/// Any secret given on the command line, in a config file or in the environment is masked, in case
/// a service echoed it, and control characters a server put in its message are escaped.
enum CLIFailure {
    static func exit(_ error: any Error, secrets: [String] = []) -> Never {
        Redactor.shared.add(secrets)
        FileHandle.standardError.write(Data((line(error) + "\n").utf8))
        Foundation.exit(1)
    }

    /// The failure's one line, masked and safe for a terminal.
    static func line(_ error: any Error) -> String {
        let failure = LLMError(wrapping: error)
        var line = "error[\(failure.code)]: \(failure.message)"
        if let status = failure.httpStatus, !failure.message.contains("HTTP \(status)") { line += " (HTTP \(status))" }
        if let hint = failure.hint { line += " (hint: \(hint))" }
        return Redactor.shared.server(line, keepLineBreaks: false)
    }
}
