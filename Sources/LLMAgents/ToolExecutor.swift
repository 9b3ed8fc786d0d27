import LLMCore
import LLMSupport

/// Runs the tool calls of one step: unknown names, approval and bad arguments become results that
/// say what was wrong; at most `limit` tools run at once; results keep the calls' order.
struct ToolExecutor: Sendable {
    let tools: [String: Tool]
    let limit: Int
    let approval: (@Sendable (ToolCall) async -> ToolApproval)?

    func run(
        _ calls: [ToolCall], deadline: ContinuousClock.Instant?, emit: @Sendable (AgentEvent) -> Void
    ) async -> [ToolResult] {
        var results = [ToolResult?](repeating: nil, count: calls.count)
        await withTaskGroup(of: (Int, ToolResult).self) { group in
            var next = 0
            func start() {
                guard next < calls.count else { return }
                let index = next
                next += 1
                emit(.toolCallRequested(calls[index]))
                group.addTask { (index, await self.run(calls[index], deadline: deadline)) }
            }
            for _ in 0..<min(max(1, limit), calls.count) { start() }
            for await (index, result) in group {
                results[index] = result
                emit(.toolFinished(result))
                start()
            }
        }
        return results.enumerated().map { index, result in
            result ?? ToolResult(call: calls[index], output: "the call was not run", outcome: .notRun)
        }
    }

    /// One call, never throwing: what went wrong is the result.
    func run(_ call: ToolCall, deadline: ContinuousClock.Instant?) async -> ToolResult {
        guard let tool = tools[call.name] else {
            let names = tools.keys.sorted().joined(separator: ", ")
            return ToolResult(
                call: call, output: "error: there is no tool named \"\(call.name)\"; the tools are: \(names)",
                outcome: .unknownTool)
        }
        if tool.needsApproval {
            let decision = await approval?(call) ?? .deny(reason: "no one is there to approve it")
            if case .deny(let reason) = decision {
                return ToolResult(
                    call: call, output: "error: the call of \(call.name) was not approved: \(reason)", outcome: .denied)
            }
        }
        let started = ContinuousClock.now
        do {
            let output = try await Self.withDeadline(deadline) { try await tool.call(arguments: call.arguments) }
            return ToolResult(call: call, output: output, outcome: .succeeded, duration: .now - started)
        } catch let error as ToolArgumentsError {
            return ToolResult(
                call: call, output: "error: \(error.description). Call \(call.name) again with corrected arguments.",
                outcome: .invalidArguments, duration: .now - started)
        } catch is DeadlineReached {
            return ToolResult(
                call: call, output: "error: \(call.name) did not finish before the request's deadline",
                outcome: .failed, duration: .now - started)
        } catch {
            return ToolResult(
                call: call, output: "error: \(call.name) failed: \(error)", outcome: .failed,
                duration: .now - started)
        }
    }

    struct DeadlineReached: Error {}

    /// `body`'s value, or ``DeadlineReached`` once `deadline` passes (`body` is cancelled and, if
    /// it ignores that, left to finish on its own: the run does not wait for it).
    static func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant?, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let deadline else { return try await body() }
        return try await withTimeLimit(deadline - .now, timeout: { DeadlineReached() }, body)
    }
}
