/// Splits a command line into words the way a POSIX shell does for plain words: blanks separate,
/// single quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash escapes the
/// next character. No expansion of any kind.
enum CommandWords {
    /// The words of `line`.
    /// - Throws: a message naming the problem (an unclosed quote, a trailing backslash).
    static func split(_ line: String) throws(CommandWordsError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch (quote, character) {
            case (nil, "\\"), ("\"", "\\"):
                escaped = true
                inWord = true
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if escaped { throw CommandWordsError(message: "the command ends with a backslash") }
        if let quote { throw CommandWordsError(message: "the command has an unclosed \(quote) quote") }
        if inWord { words.append(current) }
        return words
    }
}

/// A command line that cannot be split.
struct CommandWordsError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
