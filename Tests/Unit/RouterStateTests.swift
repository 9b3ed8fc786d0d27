import Connectors
import Foundation
import LLMCore
import Testing

@testable import LLMRouting

/// The router's decisions as pure functions with an injected clock and seed, no sockets: each
/// strategy's order, requirements, cooldowns, the moving averages and re-probing, and which
/// provider state a deployment may receive. (The walk itself is RoutePlanTests.)
@Suite struct RouterStateTests {
    static let base = ContinuousClock.now

    static func deployments(_ names: String..., weights: [Double]? = nil) -> [RouterDeployment] {
        names.enumerated().map { index, name in
            RouterDeployment(
                name: name, group: "chat", model: EchoModel(metadata: Fixtures.textModel),
                weight: weights?[index] ?? 1, region: index == 0 ? "eu" : "us", tags: index == 0 ? ["gpu"] : [])
        }
    }

    static func order(
        _ state: inout RouterState, _ deployments: [RouterDeployment], _ strategy: RoutingStrategy,
        requirements: RouteRequirements = RouteRequirements(), stream: Bool = false,
        headroom: [String: RateLimitInfo] = [:], probeEvery: Int = 0, at offset: Duration = .zero
    ) -> [String] {
        state.order(
            deployments, strategy: strategy, requirements: requirements, stream: stream, headroom: headroom,
            probeEvery: probeEvery, now: base + offset
        ).ordered
    }

    @Test func orderedKeepsThePriorityAndRequirementsFilter() {
        var state = RouterState(seed: 1)
        let all = Self.deployments("a", "b", "c")
        #expect(Self.order(&state, all, .ordered) == ["a", "b", "c"])
        #expect(Self.order(&state, all, .ordered, requirements: RouteRequirements(region: "us")) == ["b", "c"])
        #expect(Self.order(&state, all, .ordered, requirements: RouteRequirements(tags: ["gpu"])) == ["a"])
        let skipped = state.order(
            all, strategy: .ordered, requirements: RouteRequirements(region: "us"), stream: false, headroom: [:],
            probeEvery: 0, now: Self.base
        ).skipped
        #expect(skipped.map(\.name) == ["a"] && skipped.first?.reason == .region)
    }

    @Test func consecutiveFailuresCoolADeploymentDownUntilItsTimeIsUp() {
        var state = RouterState(seed: 1)
        let all = Self.deployments("a", "b")
        #expect(state.failed("a", now: Self.base, allowedFails: 2, cooldown: .seconds(30)) == nil)
        #expect(Self.order(&state, all, .ordered) == ["a", "b"])
        let until = state.failed("a", now: Self.base + .seconds(1), allowedFails: 2, cooldown: .seconds(30))
        #expect(until == Self.base + .seconds(31))
        #expect(Self.order(&state, all, .ordered, at: .seconds(2)) == ["b"])
        #expect(Self.order(&state, all, .ordered, at: .seconds(30)) == ["b"])
        #expect(Self.order(&state, all, .ordered, at: .seconds(31)) == ["a", "b"])
        // A success forgets failures: two more are needed to cool it down again.
        state.succeeded("a", latency: .milliseconds(10), firstChunk: false, smoothing: 0.5)
        #expect(state.failed("a", now: Self.base + .seconds(40), allowedFails: 2, cooldown: .seconds(30)) == nil)
    }

    @Test func lowestLatencyWarmsUpThenPicksTheFastestAndReprobesTheStalest() {
        var state = RouterState(seed: 1)
        let all = Self.deployments("slow", "fast")
        // Unmeasured deployments go first, in priority order.
        #expect(Self.order(&state, all, .lowestLatency, probeEvery: 5) == ["slow", "fast"])
        state.succeeded("slow", latency: .milliseconds(400), firstChunk: false, smoothing: 0.3)
        #expect(Self.order(&state, all, .lowestLatency, probeEvery: 5) == ["fast", "slow"])
        state.succeeded("fast", latency: .milliseconds(50), firstChunk: false, smoothing: 0.3)
        var firsts: [String] = []
        for _ in 0..<20 {
            let first = Self.order(&state, all, .lowestLatency, probeEvery: 5)[0]
            firsts.append(first)
            state.succeeded(
                first, latency: first == "fast" ? .milliseconds(50) : .milliseconds(400),
                firstChunk: false, smoothing: 0.3)
        }
        // Mostly the fast one; every fifth decision the stale slow one is probed again.
        #expect(firsts.filter { $0 == "slow" }.count == 4)
        #expect(firsts.filter { $0 == "fast" }.count == 16)
        // A ceiling skips the slow one; streams compare time to first chunk, falling back to latency.
        #expect(
            Self.order(&state, all, .lowestLatency, requirements: RouteRequirements(maxLatency: .milliseconds(100)))
                == ["fast"])
        state.succeeded("slow", latency: .milliseconds(20), firstChunk: true, smoothing: 0.3)
        #expect(Self.order(&state, all, .lowestLatency, stream: true) == ["slow", "fast"])
    }

    @Test func theMovingAverageWeighsEachNewLatency() {
        var state = RouterState(seed: 1)
        state.succeeded("a", latency: .milliseconds(100), firstChunk: false, smoothing: 0.5)
        state.succeeded("a", latency: .milliseconds(300), firstChunk: false, smoothing: 0.5)
        let average = RouterState.seconds(state.record("a").latency!)
        #expect(abs(average - 0.2) < 1e-9)
    }

    @Test func leastBusyAndMostHeadroomOrderByTheirCounts() {
        var state = RouterState(seed: 1)
        let all = Self.deployments("a", "b", "c")
        state.started("a")
        state.started("a")
        state.started("b")
        #expect(Self.order(&state, all, .leastBusy) == ["c", "b", "a"])
        state.finished("a")
        state.finished("a")
        #expect(Self.order(&state, all, .leastBusy) == ["a", "c", "b"])
        let headroom = [
            "a": RateLimitInfo(remainingRequests: 10, limitRequests: 100),
            "b": RateLimitInfo(remainingRequests: 90, remainingTokens: 500, limitRequests: 100, limitTokens: 1_000),
        ]
        // c reports nothing: counted as all of its limit.
        #expect(Self.order(&state, all, .mostHeadroom, headroom: headroom) == ["c", "b", "a"])
        #expect(headroom["b"]?.fraction == 0.5)
    }

    @Test func weightedRandomFollowsTheWeightsAndRepeatsWithItsSeed() {
        let all = Self.deployments("heavy", "light", "off", weights: [3, 1, 0])
        var state = RouterState(seed: 42)
        var firsts: [String: Int] = [:]
        for _ in 0..<4_000 { firsts[Self.order(&state, all, .weightedRandom)[0], default: 0] += 1 }
        #expect(firsts["off"] == nil)
        let share = Double(firsts["heavy"] ?? 0) / 4_000
        #expect(share > 0.7 && share < 0.8, "\(share)")
        var again = RouterState(seed: 42)
        var replay = RouterState(seed: 42)
        #expect(Self.order(&again, all, .weightedRandom) == Self.order(&replay, all, .weightedRandom))
        #expect(Self.order(&again, all, .weightedRandom).last == "off")
    }

    @Test func providerStateGoesOnlyToTheDeploymentThatIssuedIt() {
        let issued = Reasoning(
            text: "thinking", signature: "sig", provider: .init(rawValue: "anthropic"), origin: "https://a/v1/messages")
        var answer = ChatMessage(
            role: .assistant, content: [.reasoning(issued), .text("Checking.")],
            toolCalls: [ToolCall(id: "c1", name: "f", arguments: "{}", signature: "ts")])
        answer.issuedResponse = IssuedResponse(id: "resp_1", endpoint: "https://a/v1/messages")
        let onlyThoughts = ChatMessage(role: .assistant, content: [.reasoning(issued)])
        let conversation: [ChatMessage] = [.user("q"), answer, .tool(callId: "c1", content: "1"), onlyThoughts]
        let issuers = ["https://a/v1/messages": Set(["a"])]
        let same = RouterPolicy.replayable(conversation, for: "a", issuers: issuers)
        #expect(same.messages == conversation && !same.replayed)
        let other = RouterPolicy.replayable(conversation, for: "b", issuers: issuers)
        #expect(other.replayed)
        #expect(other.messages.count == 3)
        #expect(other.messages[1].content == [.text("Checking.")])
        #expect(other.messages[1].issuedResponse == nil)
        #expect(other.messages[1].toolCalls == [ToolCall(id: "c1", name: "f", arguments: "{}")])
        // State from an endpoint the router never saw answer stays (the provider's own checks apply).
        let unknown = RouterPolicy.replayable(conversation, for: "b", issuers: [:])
        #expect(unknown.messages == conversation)
    }

    @Test func theConfigurationIsCheckedBeforeAnyRequest() {
        let model = EchoModel(metadata: Fixtures.textModel)
        func error(_ configuration: RouterConfiguration) -> LLMError? {
            capture { _ = try LLMRouter(configuration: configuration) }
        }
        #expect(error(RouterConfiguration(deployments: []))?.parameter == "deployments")
        let twins = [
            RouterDeployment(name: "x", group: "g", model: model),
            RouterDeployment(name: "x", group: "g", model: model),
        ]
        #expect(error(RouterConfiguration(deployments: twins))?.code == .invalidConfiguration)
        let one = [RouterDeployment(name: "x", group: "g", model: model)]
        #expect(error(RouterConfiguration(deployments: one, fallbacks: ["g", "nope"]))?.parameter == "fallbacks")
        #expect(error(RouterConfiguration(deployments: one, allowedFails: 0))?.parameter == "router")
        #expect(error(RouterConfiguration(deployments: one)) == nil)
    }
}
