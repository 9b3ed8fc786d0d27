import LLMCore

/// Which tools the run loop makes the model call (seed 001's `auto_tools`, `tool` and `workflow`).
public enum ToolMode: Sendable, Hashable {
    /// The model picks among the tools, or answers (`auto_tools`); the request's own
    /// `toolChoice`, if set, applies to every step.
    case auto
    /// The first step must call this tool (`tool`); later steps are `auto`.
    case forced(String)
    /// Step *k* must call the *k*-th tool of the list, one per step (`workflow`); the step after
    /// the last is `auto`, for the answer.
    case workflow([String])

    /// The tool choice for step `step` (from 1); nil keeps the request's.
    func choice(step: Int) -> ToolChoice? {
        switch self {
        case .auto: nil
        case .forced(let name): step == 1 ? .function(name) : nil
        case .workflow(let names): step <= names.count ? .function(names[step - 1]) : nil
        }
    }

    /// The tool names the mode refers to.
    var names: [String] {
        switch self {
        case .auto: []
        case .forced(let name): [name]
        case .workflow(let names): names
        }
    }
}

/// What an approval hook decides about a call of a tool marked ``Tool/needsApproval``.
public enum ToolApproval: Sendable, Hashable {
    /// Run it.
    case approve
    /// Do not run it; the model is told so, with this reason.
    case deny(reason: String)
}
