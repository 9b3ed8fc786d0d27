import Connectors
import Foundation
public import LLMCore
import NIOConcurrencyHelpers

/// An ``LLM`` that routes each request over named deployments: a deployment of the request's
/// group (chosen by the ``RoutingStrategy``), then — when it fails with a failover-class error
/// after its own endpoint failover — the next deployment of the group, then the next group of the
/// fallback chain. It drops in wherever a model is used (the pool, the CLI, your code).
///
/// One deadline (the context's, else ``RouterConfiguration/timeout``) and one budget
/// (``RouterConfiguration/maxDeployments``) bound the whole routed request; the caller's errors
/// (400, 401, 403, a cancellation) never move to another deployment; a stream falls back only
/// before its first chunk reached the caller. Consecutive failures cool a deployment down, so the
/// next requests skip it at once. Provider state (encrypted reasoning, thinking signatures, a
/// Responses-API response id) is never sent to a deployment that did not issue it: that deployment
/// gets the visible history instead. The answer says which deployment answered
/// (``LLMResponse/routing``); events and debug logs say every decision.
///
/// ```swift
/// let router = try LLMRouter(configuration: RouterConfiguration(
///     deployments: [
///         RouterDeployment(name: "azure-east", group: "chat", model: gpt),
///         RouterDeployment(name: "claude", group: "backup", model: claude),
///     ],
///     fallbacks: ["chat", "backup"], strategy: .lowestLatency))
/// let answer = try await router.getAnswer("Hello")
/// print(answer.routing?.deployment ?? "")
/// ```
public final class LLMRouter: LLM, Sendable {
    /// The deployments and rules.
    public let configuration: RouterConfiguration
    /// What the answering deployment must meet (``requiring(_:)``).
    public let requirements: RouteRequirements
    /// A description of the router as a model: the first deployment's metadata under the name
    /// `router`, so capability checks of callers see what the primary group offers.
    public let metadata: ModelMetadata
    private let shared: Shared
    private let byName: [String: RouterDeployment]
    /// The routed requests and streams in flight, refused once a shutdown began.
    private let gate: RequestGate

    /// The state every view of one router shares (``requiring(_:)`` makes views).
    private final class Shared: Sendable {
        private let state: NIOLockedValueBox<RouterState>
        /// Which deployments answered from each endpoint (for affinity).
        private let issuers = NIOLockedValueBox<[String: Set<String>]>([:])

        init(seed: UInt64) { state = NIOLockedValueBox(RouterState(seed: seed)) }

        func with<T>(_ body: (inout RouterState) -> T) -> T {
            state.withLockedValue { body(&$0) }
        }

        func learn(endpoint: String?, deployment: String) {
            guard let endpoint else { return }
            issuers.withLockedValue { _ = $0[endpoint, default: []].insert(deployment) }
        }

        var knownIssuers: [String: Set<String>] { issuers.withLockedValue { $0 } }
    }

    /// Creates a router.
    /// - Throws: ``LLMError`` (`invalidConfiguration`) when the configuration is not usable.
    public init(configuration: RouterConfiguration) throws(LLMError) {
        try configuration.validate()
        self.configuration = configuration
        self.requirements = RouteRequirements()
        self.shared = Shared(seed: configuration.seed ?? UInt64.random(in: 0...UInt64.max))
        self.byName = Dictionary(configuration.deployments.map { ($0.name, $0) }) { first, _ in first }
        self.gate = RequestGate(name: "the router")
        var metadata = configuration.deployments[0].model.metadata
        metadata.name = "router"
        self.metadata = metadata
    }

    private init(_ other: LLMRouter, requirements: RouteRequirements) {
        configuration = other.configuration
        shared = other.shared
        byName = other.byName
        gate = other.gate
        metadata = other.metadata
        self.requirements = requirements
    }

    /// This router (sharing its health, latency and load records) answering only from
    /// deployments that meet `requirements`.
    public func requiring(_ requirements: RouteRequirements) -> LLMRouter {
        LLMRouter(self, requirements: requirements)
    }

    /// The deployment named `name`.
    public func deployment(named name: String) -> RouterDeployment? { byName[name] }

    /// Refuses new requests and shuts down what every deployment owns (their connectors) at once;
    /// a second call does nothing. For a graceful end, run the router as a `Service`.
    public func shutdown() async throws {
        guard gate.markShutDown() else { return }
        for deployment in configuration.deployments { try await deployment.shutdown?() }
    }

    /// Refuses new requests (`serviceUnavailable`) and waits until the routed requests and
    /// streams in flight end, or `grace` passes; returns how many were still in flight.
    @discardableResult
    public func drain(within grace: Duration) async -> Int {
        await gate.drain(within: grace)
    }

    /// Whether a shutdown began: new requests are refused.
    public var isShuttingDown: Bool { gate.isDraining }

    // MARK: - LLM

    /// Routes the request (see the type's description) and returns the first answer.
    /// - Throws: ``LLMError``: the caller's error as the deployment gave it, or — when every
    ///   deployment tried failed — an error whose message and ``LLMError/attemptErrors`` list what
    ///   each answered.
    public func getAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        async throws -> LLMResponse
    {
        try gate.enter()
        defer { gate.leave() }
        return try await route(messages, context: context, stream: false) { deployment, messages, context, record in
            let start = ContinuousClock.now
            var response = try await deployment.model.getAnswer(messages, context: context, options: options)
            record(ContinuousClock.now - start, response.endpoint)
            response.extras[RouteInfo.self] = nil
            return response
        } finish: { response, route in
            var response = response
            response.extras[RouteInfo.self] = route
            return response
        }
    }

    /// Routes the stream: a deployment that fails before its first chunk is left for the next;
    /// after the first chunk the stream is that deployment's to the end. The first chunk carries
    /// ``LLMStreamChunk/routing``.
    public func streamAnswer(_ messages: [ChatMessage], context: RequestContext, options: GenerationOptions)
        -> AsyncThrowingStream<LLMStreamChunk, any Error>
    {
        pushStream { continuation in
            try self.gate.enter()
            defer { self.gate.leave() }
            let opened = try await self.route(messages, context: context, stream: true) {
                deployment, messages, context, record in
                let start = ContinuousClock.now
                var iterator = deployment.model.streamAnswer(messages, context: context, options: options)
                    .makeAsyncIterator()
                let first = try await iterator.next()
                record(ContinuousClock.now - start, first?.endpoint)
                return Opened(first: first, rest: iterator, deployment: deployment.name)
            } finish: { opened, route in
                var opened = opened
                opened.first?.extras[RouteInfo.self] = route
                return opened
            }
            // The deployment stays busy (least busy counts it) until its stream ends.
            defer { self.shared.with { $0.finished(opened.deployment) } }
            if let first = opened.first { continuation.yield(first) }
            var rest = opened.rest
            while let chunk = try await rest.next() { continuation.yield(chunk) }
        }
    }

    /// A stream whose first chunk has arrived, and the deployment streaming it.
    private struct Opened {
        var first: LLMStreamChunk?
        var rest: AsyncThrowingStream<LLMStreamChunk, any Error>.AsyncIterator
        var deployment: String
    }

    // MARK: - Fan-out

    /// Sends the conversation to each named deployment at once (seed 000's mixture of experts),
    /// at most `maxConcurrent` at a time, and returns every answer as its own result, in the order
    /// of `deployments` (no fallback: each result is that deployment's).
    public func fanOut(
        _ messages: [ChatMessage], to deployments: [String], maxConcurrent: Int = 4,
        context: RequestContext = RequestContext(), options: GenerationOptions = GenerationOptions()
    ) async -> [Result<LLMResponse, LLMError>] {
        do throws(LLMError) {
            try gate.enter()
        } catch {
            return Array(repeating: .failure(error), count: deployments.count)
        }
        defer { gate.leave() }
        let issuers = shared.knownIssuers
        var answers = [Result<LLMResponse, LLMError>](repeating: .failure(.cancelled()), count: deployments.count)
        var sent: [(index: Int, deployment: RouterDeployment, request: LLMRequest)] = []
        for (index, name) in deployments.enumerated() {
            guard let deployment = byName[name] else {
                answers[index] = .failure(LLMError.router("no deployment is named '\(name)'", parameter: "deployments"))
                continue
            }
            var perDeployment = context
            perDeployment.requestId = "\(context.requestId)-\(index)"
            let prepared = RouterPolicy.replayable(messages, for: name, issuers: issuers).messages
            sent.append(
                (
                    index, deployment,
                    LLMRequest(model: deployment.model, messages: prepared, options: options, context: perDeployment)
                ))
        }
        let results = await LLMPool(maxConcurrent: maxConcurrent).run(sent.map(\.request))
        for (item, result) in zip(sent, results) {
            answers[item.index] = result.map { response in
                shared.learn(endpoint: response.endpoint, deployment: item.deployment.name)
                var response = response
                response.extras[RouteInfo.self] = RouteInfo(
                    deployment: item.deployment.name, group: item.deployment.group,
                    provider: item.deployment.model.metadata.provider, fallbacks: 0)
                return response
            }
        }
        return answers
    }

    /// Hedged requests: sends to the first of `deployments` (default: the first group's, in the
    /// strategy's order), and to the next one when `delay` passes without an answer (nil: only
    /// when the one before failed); the first good answer wins and the others are cancelled (their
    /// connections freed).
    /// - Throws: ``LLMError`` when every deployment failed, listing what each answered.
    public func hedged(
        _ messages: [ChatMessage], across deployments: [String]? = nil, delay: Duration? = nil,
        context: RequestContext = RequestContext(), options: GenerationOptions = GenerationOptions()
    ) async throws -> LLMResponse {
        try gate.enter()
        defer { gate.leave() }
        let names: [String]
        if let deployments {
            names = deployments
        } else {
            let group = configuration.chain.first ?? ""
            names = decide(group: group, stream: false, now: .now, headroom: [:]).ordered
        }
        let chosen = try names.map { name throws(LLMError) -> RouterDeployment in
            guard let deployment = byName[name] else {
                throw LLMError.router("no deployment is named '\(name)'", parameter: "deployments")
            }
            return deployment
        }
        guard !chosen.isEmpty else {
            throw LLMError(code: .noEndpointsAvailable, message: "no deployment can take the hedged request")
        }
        let issuers = shared.knownIssuers
        enum Outcome: Sendable {
            case answer(Int, Result<LLMResponse, LLMError>)
            case waited(Int)
        }
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            var started = 0
            func start() {
                let index = started
                started += 1
                let deployment = chosen[index]
                let prepared = RouterPolicy.replayable(messages, for: deployment.name, issuers: issuers).messages
                group.addTask {
                    do {
                        return .answer(
                            index,
                            .success(try await deployment.model.getAnswer(prepared, context: context, options: options))
                        )
                    } catch {
                        return .answer(index, .failure(LLMError(wrapping: error)))
                    }
                }
                if let delay, started < chosen.count {
                    group.addTask {
                        try await Task.sleep(for: delay)
                        return .waited(index)
                    }
                }
            }
            start()
            var failures: [(deployment: String, error: LLMError)] = []
            while let outcome = try await group.next() {
                switch outcome {
                case .waited(let index):
                    if index == started - 1, started < chosen.count { start() }
                case .answer(let index, .success(var response)):
                    group.cancelAll()
                    let deployment = chosen[index]
                    shared.learn(endpoint: response.endpoint, deployment: deployment.name)
                    response.extras[RouteInfo.self] = RouteInfo(
                        deployment: deployment.name, group: deployment.group,
                        provider: deployment.model.metadata.provider, fallbacks: failures.count, failures: failures)
                    return response
                case .answer(let index, .failure(let error)):
                    failures.append((chosen[index].name, error))
                    if error.code.handling.fallback == .none {
                        group.cancelAll()
                        throw error
                    }
                    if failures.count == chosen.count { throw RoutePlan.exhausted(failures, skipped: []) }
                    if index == started - 1, started < chosen.count { start() }
                }
            }
            throw RoutePlan.exhausted(failures, skipped: [])
        }
    }

    // MARK: - Routing

    /// The ordered candidates of `group` for a request now.
    private func decide(group: String, stream: Bool, now: ContinuousClock.Instant, headroom: [String: RateLimitInfo])
        -> (ordered: [String], skipped: [(name: String, reason: RouterState.Skip)])
    {
        let candidates = configuration.deployments.filter { $0.group == group }
        return shared.with {
            $0.order(
                candidates, strategy: configuration.strategy, requirements: requirements, stream: stream,
                headroom: headroom, probeEvery: configuration.probeEvery, now: now)
        }
    }

    /// The key of a deployment's cooldown in the shared store.
    static func cooldownKey(_ deployment: String) -> String { "deployment:\(deployment)" }

    /// Takes the cooldowns other replicas set for `group`'s deployments in the shared store.
    private func adoptSharedCooldowns(of group: String) async {
        guard let store = configuration.cooldownStore else { return }
        let names = configuration.deployments.filter { $0.group == group }.map(\.name)
        let running = await store.cooldowns(keys: names.map(Self.cooldownKey))
        guard !running.isEmpty else { return }
        let now = ContinuousClock.now
        shared.with { state in
            for name in names {
                if let left = running[Self.cooldownKey(name)] { state.coolDown(name, until: now + left) }
            }
        }
    }

    /// The headroom of `group`'s deployments, when the strategy reads it.
    private func headroom(of group: String) async -> [String: RateLimitInfo] {
        guard configuration.strategy == .mostHeadroom else { return [:] }
        var found: [String: RateLimitInfo] = [:]
        for deployment in configuration.deployments where deployment.group == group {
            if let headroom = await deployment.headroom?() { found[deployment.name] = headroom }
        }
        return found
    }

    /// Walks the fallback chain with `conversation` as a ``RoutePlan`` decides: for each group,
    /// its deployments in the strategy's order, calling `attempt` (with the conversation the
    /// deployment may receive, the context with the one deadline, and a callback recording the
    /// latency and the answering endpoint) until one succeeds; `finish` attaches the route. This
    /// function only carries the plan's steps out: cooldowns, health records, events and logs.
    private func route<T>(
        _ conversation: [ChatMessage], context: RequestContext, stream: Bool,
        attempt: (RouterDeployment, [ChatMessage], RequestContext, (Duration, String?) -> Void) async throws -> T,
        finish: (T, RouteInfo) -> T
    ) async throws -> T {
        var context = context
        let deadline = context.deadline ?? .now + configuration.timeout
        context.deadline = deadline
        var plan = RoutePlan(
            chain: configuration.chain, deadline: deadline, budget: configuration.maxDeployments,
            contextWindowFallbacks: configuration.contextWindowFallbacks,
            contentFilterFallbacks: configuration.contentFilterFallbacks)
        while let group = plan.group {
            await adoptSharedCooldowns(of: group)
            let decision = decide(group: group, stream: stream, now: .now, headroom: await headroom(of: group))
            let name: String
            let number: Int
            switch plan.next(ordered: decision.ordered, skipped: decision.skipped, now: .now) {
            case .nextGroup: continue
            case .fail(let error): throw error
            case .attempt(let deployment, _, let count):
                name = deployment
                number = count
            }
            try Task.checkCancellation()
            guard let deployment = byName[name] else { continue }
            let (prepared, replayed) = RouterPolicy.replayable(conversation, for: name, issuers: shared.knownIssuers)
            emit(.routed, deployment: name, attempt: number, context: context)
            if context.logs(.debug) {
                context.logger.debug(
                    "routing",
                    metadata: [
                        "llm.deployment": "\(name)", "llm.group": "\(group)",
                        "llm.strategy": "\(configuration.strategy.rawValue)", "llm.fallbacks": "\(plan.failures.count)",
                        "llm.replayed_history": "\(replayed)",
                    ])
            }
            shared.with { $0.started(name) }
            do {
                let value = try await attempt(deployment, prepared, context) { latency, endpoint in
                    shared.with {
                        $0.succeeded(
                            name, latency: latency, firstChunk: stream, smoothing: configuration.latencySmoothing)
                    }
                    shared.learn(endpoint: endpoint, deployment: name)
                }
                // A stream's deployment stays busy until the stream ends (streamAnswer releases it).
                if !stream { shared.with { $0.finished(name) } }
                return finish(
                    value, plan.route(deployment: name, group: group, provider: deployment.model.metadata.provider))
            } catch {
                shared.with { $0.finished(name) }
                let failure = LLMError(wrapping: error)
                if Task.isCancelled { throw LLMError.cancelled() }
                switch plan.failed(name, error: failure) {
                case .surface(let error):
                    throw error
                case .fallBack(let countsTowardCooldown):
                    let now = ContinuousClock.now
                    let until =
                        countsTowardCooldown
                        ? shared.with {
                            $0.failed(
                                name, now: now, allowedFails: configuration.allowedFails,
                                cooldown: configuration.cooldown)
                        } : nil
                    emit(.fellBack, deployment: name, attempt: number, error: failure, context: context)
                    if let until {
                        emit(.cooledDown, deployment: name, delay: until - now, error: failure, context: context)
                        await configuration.cooldownStore?.coolDown(
                            key: Self.cooldownKey(name), for: configuration.cooldown)
                    }
                }
            }
        }
        throw plan.exhausted
    }

    private func emit(
        _ kind: LLMEvent.Kind, deployment: String, attempt: Int? = nil, delay: Duration? = nil,
        error: LLMError? = nil, context: RequestContext
    ) {
        guard context.eventHandler != nil else { return }
        context.emit(
            LLMEvent(
                kind: kind, requestId: context.requestId, model: byName[deployment]?.model.metadata.name,
                attempt: attempt, delay: delay, error: error, deployment: deployment))
    }
}
