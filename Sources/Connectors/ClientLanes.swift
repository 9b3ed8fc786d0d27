import AsyncHTTPClient
import NIOConcurrencyHelpers

/// The `HTTPClient`s one group of endpoints is reached with (those reached directly, or those
/// behind the proxy), and which one each attempt uses.
///
/// AsyncHTTPClient keeps one HTTP/2 connection per host and queues requests beyond the server's
/// stream limit on it, so one client caps the streams in flight at that limit (100 at many
/// services). A lane is one client; an endpoint that answered over HTTP/2 spreads its requests
/// over lanes, opening a new one (up to `maxLanes`) only when every open lane already carries
/// `streamsPerLane` of its requests, so a few connections carry many streams. An endpoint that
/// answers over HTTP/1.1 stays on the first lane, whose pool keeps one connection per request.
final class ClientLanes: Sendable {
    /// One attempt's use of a lane, given back when the attempt (or its stream) ends: when the
    /// lease is released by ARC, so a stream that is dropped gives it back too.
    final class Lease: Sendable {
        let client: HTTPClient
        let lane: Int
        private let endpoint: Int
        private let lanes: ClientLanes

        init(client: HTTPClient, lane: Int, endpoint: Int, lanes: ClientLanes) {
            self.client = client
            self.lane = lane
            self.endpoint = endpoint
            self.lanes = lanes
        }

        deinit { lanes.release(endpoint: endpoint, lane: lane) }
    }

    private struct State {
        var clients: [HTTPClient]
        /// Requests in flight per endpoint (by the connector's index) and lane.
        var inFlight: [[Int]]
        /// Whether each endpoint's last answer came over HTTP/2.
        var multiplexed: [Bool]
        /// The lane each endpoint's next attempt avoids: one that refused a stream unprocessed.
        var avoid: [Int?]
        var shutDown = false
    }

    /// The settings of new lanes; nil when the one client was injected (one lane, not owned).
    private let settings: HTTPClient.Configuration?
    private let maxLanes: Int
    private let streamsPerLane: Int
    private let state: NIOLockedValueBox<State>

    /// Lanes made from `settings` (the first one at once), for `endpoints` endpoints.
    init(settings: HTTPClient.Configuration, maxLanes: Int, streamsPerLane: Int, endpoints: Int) {
        self.settings = settings
        self.maxLanes = max(1, maxLanes)
        self.streamsPerLane = max(1, streamsPerLane)
        self.state = NIOLockedValueBox(
            State(
                clients: [HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)],
                inFlight: Array(repeating: [0], count: endpoints),
                multiplexed: Array(repeating: false, count: endpoints), avoid: Array(repeating: nil, count: endpoints)
            ))
    }

    /// One lane: an injected client, which its owner shuts down.
    init(injected client: HTTPClient, endpoints: Int) {
        self.settings = nil
        self.maxLanes = 1
        self.streamsPerLane = .max
        self.state = NIOLockedValueBox(
            State(
                clients: [client], inFlight: Array(repeating: [0], count: endpoints),
                multiplexed: Array(repeating: false, count: endpoints), avoid: Array(repeating: nil, count: endpoints)))
    }

    /// The lane for an attempt to `endpoint`: the first lane for an endpoint not known to speak
    /// HTTP/2; else the first lane carrying fewer than `streamsPerLane` of its requests, a new lane
    /// when none does (and the cap allows), or the least loaded one — never the lane that just
    /// refused a stream of the endpoint's while another is possible.
    func lease(endpoint: Int) -> Lease {
        let (client, lane) = state.withLockedValue { state -> (HTTPClient, Int) in
            let lane = Self.choose(
                inFlight: state.inFlight[endpoint], multiplexed: state.multiplexed[endpoint],
                openLanes: state.clients.count,
                maxLanes: state.shutDown || settings == nil ? state.clients.count : maxLanes,
                streamsPerLane: streamsPerLane, avoiding: state.avoid[endpoint])
            state.avoid[endpoint] = nil
            if lane == state.clients.count, let settings {
                state.clients.append(HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings))
            }
            while state.inFlight[endpoint].count <= lane { state.inFlight[endpoint].append(0) }
            state.inFlight[endpoint][lane] += 1
            return (state.clients[lane], lane)
        }
        return Lease(client: client, lane: lane, endpoint: endpoint, lanes: self)
    }

    /// The lane rule as a pure function: which lane (an index up to `openLanes`, which means a new
    /// lane) an attempt takes, given the endpoint's requests in flight per lane.
    static func choose(
        inFlight: [Int], multiplexed: Bool, openLanes: Int, maxLanes: Int, streamsPerLane: Int, avoiding: Int? = nil
    ) -> Int {
        guard multiplexed else { return 0 }
        func load(_ lane: Int) -> Int { lane < inFlight.count ? inFlight[lane] : 0 }
        for lane in 0..<openLanes where lane != avoiding && load(lane) < streamsPerLane {
            return lane
        }
        if openLanes < maxLanes { return openLanes }
        let others = (0..<openLanes).filter { $0 != avoiding }
        return others.min { load($0) < load($1) } ?? 0
    }

    /// `lane` refused a stream of `endpoint`'s unprocessed (`REFUSED_STREAM`, or past a
    /// `GOAWAY`): the endpoint speaks HTTP/2, and its next attempt goes on another connection.
    func refused(endpoint: Int, lane: Int) {
        state.withLockedValue { state in
            state.multiplexed[endpoint] = true
            state.avoid[endpoint] = lane
        }
    }

    /// Records which HTTP version `endpoint` answered with (lanes are used only over HTTP/2).
    func observe(endpoint: Int, http2: Bool) {
        state.withLockedValue { $0.multiplexed[endpoint] = http2 }
    }

    fileprivate func release(endpoint: Int, lane: Int) {
        state.withLockedValue { $0.inFlight[endpoint][lane] -= 1 }
    }

    /// Shuts every lane's client down (an injected client is left to its owner); no new lane
    /// opens after it.
    func shutdown() async throws {
        let clients = state.withLockedValue { state in
            state.shutDown = true
            return state.clients
        }
        guard settings != nil else { return }
        for client in clients { try await client.shutdown() }
    }
}
