/// The one naming convention of the tool's JSON (`--json`, batch output lines): snake_case, for
/// keys and for the names of values alike (`"finish_reason": "tool_calls"`, `"code":
/// "context_length_exceeded"`, `"stop_reason": "final_answer"`).
enum JSONNames {
    /// `name` in snake_case: a word boundary inside camelCase becomes `_`, everything lower case
    /// (`toolCalls` → `tool_calls`; a provider's `MALFORMED_FUNCTION_CALL` → `malformed_function_call`).
    static func snakeCase(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.utf8.count + 4)
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber {
                result.append("_")
            }
            result += character.lowercased()
            previous = character
        }
        return result
    }
}
