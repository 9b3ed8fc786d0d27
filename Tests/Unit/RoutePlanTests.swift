import LLMCore
import Testing

@testable import LLMRouting

/// The router's walk as a pure plan with made-up instants, no sockets: the chain's order, no
/// deployment twice, the budget, the deadline, what each failure leads to, and the chains of a
/// too-long conversation and a filtered prompt.
@Suite struct RoutePlanTests {
    typealias Instant = ContinuousClock.Instant

    /// A fixed origin: every instant is this plus a duration, so nothing depends on the clock.
    static let t0 = ContinuousClock.now

    static func plan(
        _ chain: [String] = ["chat", "backup"], deadline: Duration = .seconds(60), budget: Int? = nil,
        contextWindow: [String] = [], contentFilter: [String] = []
    ) -> RoutePlan {
        RoutePlan(
            chain: chain, deadline: t0 + deadline, budget: budget, contextWindowFallbacks: contextWindow,
            contentFilterFallbacks: contentFilter)
    }

    static func failure(_ code: LLMErrorCode) -> LLMError { LLMError(code: code, message: "\(code)") }

    @Test func groupsAreWalkedInOrderAndNoDeploymentIsTriedTwice() {
        var plan = Self.plan()
        #expect(plan.group == "chat")
        #expect(plan.next(ordered: ["a", "b"], now: Self.t0) == .attempt(deployment: "a", group: "chat", number: 1))
        #expect(plan.failed("a", error: Self.failure(.serviceUnavailable)) == .fallBack(countsTowardCooldown: true))
        // The strategy may put "a" first again (say its cooldown was not reached): it is not retried.
        #expect(plan.next(ordered: ["a", "b"], now: Self.t0) == .attempt(deployment: "b", group: "chat", number: 2))
        #expect(plan.failed("b", error: Self.failure(.timeout)) == .fallBack(countsTowardCooldown: true))
        #expect(plan.next(ordered: ["a", "b"], now: Self.t0) == .nextGroup)
        #expect(plan.group == "backup")
        // A deployment in two groups is still tried once.
        #expect(plan.next(ordered: ["b", "c"], now: Self.t0) == .attempt(deployment: "c", group: "backup", number: 3))
        #expect(plan.failed("c", error: Self.failure(.server)) == .fallBack(countsTowardCooldown: true))
        #expect(plan.next(ordered: ["c"], now: Self.t0) == .nextGroup)
        #expect(plan.group == nil)
        let error = plan.exhausted
        #expect(error.code == .server)
        #expect(error.attemptErrors.map(\.code) == [.serviceUnavailable, .timeout, .server])
        #expect(plan.route(deployment: "x", group: "g", provider: .test).fallbacks == 3)
    }

    @Test func theCallersErrorsEndTheWalk() {
        for code in [LLMErrorCode.authentication, .permissionDenied, .invalidRequest, .notFound, .cancelled] {
            var plan = Self.plan()
            _ = plan.next(ordered: ["a", "b"], now: Self.t0)
            #expect(plan.failed("a", error: Self.failure(code)) == .surface(Self.failure(code)))
        }
    }

    @Test func theBudgetStopsTheWalkBeforeTheNextDeployment() {
        var plan = Self.plan(budget: 2)
        _ = plan.next(ordered: ["a", "b", "c"], now: Self.t0)
        _ = plan.failed("a", error: Self.failure(.rateLimited))
        _ = plan.next(ordered: ["a", "b", "c"], now: Self.t0)
        _ = plan.failed("b", error: Self.failure(.rateLimited))
        guard case .fail(let error) = plan.next(ordered: ["a", "b", "c"], now: Self.t0) else {
            Issue.record("the budget of 2 should stop the third deployment")
            return
        }
        #expect(error.message.contains("budget of 2"))
        #expect(error.attemptErrors.count == 2)
    }

    @Test func noDeploymentStartsAtOrAfterTheDeadline() {
        var plan = Self.plan(deadline: .seconds(10))
        #expect(
            plan.next(ordered: ["a", "b"], now: Self.t0 + .seconds(9))
                == .attempt(deployment: "a", group: "chat", number: 1))
        _ = plan.failed("a", error: Self.failure(.timeout))
        guard case .fail(let error) = plan.next(ordered: ["a", "b"], now: Self.t0 + .seconds(10)) else {
            Issue.record("nothing may start at the deadline")
            return
        }
        #expect(error.code == .timeout)
        #expect(error.message.contains("after 1 deployment"))
        #expect(error.attemptErrors.map(\.code) == [.timeout])
    }

    @Test func aTooLongConversationMovesOnlyIntoTheContextWindowChainOnce() {
        var plan = Self.plan(["chat", "backup"], contextWindow: ["long"])
        _ = plan.next(ordered: ["a", "b"], now: Self.t0)
        // Not a health problem: no cooldown, and the rest of "chat" and "backup" are never tried.
        #expect(plan.failed("a", error: Self.failure(.contextLengthExceeded)) == .fallBack(countsTowardCooldown: false))
        #expect(plan.group == "long")
        #expect(plan.next(ordered: ["l1"], now: Self.t0) == .attempt(deployment: "l1", group: "long", number: 2))
        // A second such failure has no further chain to add: the walk ends after "long".
        #expect(
            plan.failed("l1", error: Self.failure(.contextLengthExceeded)) == .fallBack(countsTowardCooldown: false))
        #expect(plan.group == nil)
        #expect(plan.chain == ["chat", "long"])
        #expect(plan.exhausted.code == .contextLengthExceeded)
    }

    @Test func aFilteredPromptWithoutAContentFilterChainSurfaces() {
        var plan = Self.plan(contextWindow: ["long"])
        _ = plan.next(ordered: ["a"], now: Self.t0)
        #expect(plan.failed("a", error: Self.failure(.contentFiltered)) == .surface(Self.failure(.contentFiltered)))
        var filtered = Self.plan(contentFilter: ["lenient"])
        _ = filtered.next(ordered: ["a"], now: Self.t0)
        #expect(filtered.failed("a", error: Self.failure(.contentFiltered)) == .fallBack(countsTowardCooldown: false))
        #expect(filtered.group == "lenient")
    }

    @Test func skippedDeploymentsAreReportedOnceEach() {
        var plan = Self.plan(["chat", "backup"])
        let cooling = RouterState.Skip.coolingDown(until: Self.t0 + .seconds(30))
        #expect(plan.next(ordered: [], skipped: [("a", cooling), ("b", .region)], now: Self.t0) == .nextGroup)
        #expect(plan.next(ordered: [], skipped: [("a", cooling)], now: Self.t0) == .nextGroup)
        #expect(plan.group == nil)
        #expect(plan.skipped.map(\.name) == ["a", "b"])
        let error = plan.exhausted
        #expect(error.code == .noEndpointsAvailable)
        #expect(
            error.message.contains("a: skipped (cooling down)") && error.message.contains("b: skipped (another region)")
        )
    }
}
