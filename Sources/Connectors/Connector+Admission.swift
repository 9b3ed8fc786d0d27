import AsyncHTTPClient
import Foundation
import LLMCore
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL
import Tracing

/// Admission: an endpoint's rate limits (reserved before a send, released or settled after), its
/// 429 pauses and cooldowns, local or shared through the rate-limit store.
extension Connector {
    /// Whether a request to the endpoint must ask the rate-limit store: always with configured
    /// limits or a shared store (another replica's pause holds this one too), else only while a
    /// 429's pause may be running.
    func needsAdmission(_ index: Int) -> Bool {
        endpoints[index].rateLimits != nil || configuration.rateLimitStore.isShared
            || pauses.withLockedValue { $0[index].map { $0 > .now } ?? false }
    }

    /// Waits until the endpoint's rate limits admit the request; returns the tokens reserved. A
    /// wait that would cross the deadline is not taken.
    func admit(_ index: Int, tokens: Int, plan: AttemptPlan, context: RequestContext) async throws -> Int {
        let endpoint = endpoints[index]
        let limits = endpoint.rateLimits ?? RateLimits()
        let tokens = endpoint.rateLimits?.tokensPerMinute == nil ? 0 : tokens
        while true {
            switch await configuration.rateLimitStore.reserve(
                key: endpoint.rateLimitKey, tokens: tokens, limits: limits)
            {
            case .admitted:
                return tokens
            case .tooLarge(let limit):
                throw LLMError(
                    code: .invalidRequest,
                    message:
                        "the request needs about \(tokens) tokens, over \(endpoint.name)'s limit of \(limit) tokens per minute",
                    hint: "lower maxTokens or shorten the prompt", parameter: "maxTokens", endpoint: endpoint.name,
                    requestId: context.requestId)
            case .wait(let delay):
                metrics.rateLimitWait(endpoint: endpoint.name)
                emit(
                    LLMEvent(
                        kind: .waitedForRateLimit, requestId: context.requestId, endpoint: endpoint.name, delay: delay),
                    context: context)
                let now = ContinuousClock.now
                guard now + delay < plan.deadline else { throw plan.deadlineError(waiting: delay, now: now) }
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Returns a failed attempt's reservation: a request that was not served uses no quota.
    func release(_ index: Int, reserved: Int) async {
        guard reserved > 0, let limits = endpoints[index].rateLimits else { return }
        await configuration.rateLimitStore.settle(
            key: endpoints[index].rateLimitKey, reserved: reserved, actual: 0, limits: limits)
    }

    /// Ends the endpoint's cooldown; says whether it had one.
    func markHealthy(_ index: Int) -> Bool {
        cooldowns.withLockedValue {
            guard $0[index] != nil else { return false }
            $0[index] = nil
            return true
        }
    }

    /// Takes the cooldowns other replicas set in the shared store (a later end wins).
    func adoptSharedCooldowns() async {
        let keys = cooldownKeys
        let running = await configuration.rateLimitStore.cooldowns(keys: keys)
        guard !running.isEmpty else { return }
        let now = ContinuousClock.now
        cooldowns.withLockedValue { cooldowns in
            for (index, key) in keys.enumerated() {
                guard let left = running[key] else { continue }
                cooldowns[index] = max(cooldowns[index] ?? now + left, now + left)
            }
        }
    }
}
