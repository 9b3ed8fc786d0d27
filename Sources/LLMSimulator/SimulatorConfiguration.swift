/// How an ``LLMSimulator`` behaves.
public struct SimulatorConfiguration: Sendable {
    /// The key clients must send (`api-key` on Azure routes, `Authorization: Bearer` on OpenAI
    /// routes); nil accepts any request.
    public var apiKey: String?
    /// The model name reported in answers.
    public var model: String
    /// Words per stream chunk.
    public var wordsPerChunk: Int
    /// Faults drawn at random for requests with no queued fault, each with its probability (0...1).
    public var randomFaults: [(fault: SimulatorFault, probability: Double)]
    /// The seed of the random fault draw, so runs repeat.
    public var seed: UInt64
    /// A name used in answers (`"served by NAME"`), to tell endpoints apart.
    public var name: String
    /// Whether to keep every request for ``LLMSimulator/requests`` (turn off for long soak runs).
    public var recordRequests: Bool
    /// Serve HTTPS with this certificate (nil: plain HTTP).
    public var tls: SimulatorTLS?
    /// With ``tls``: offer HTTP/2 by ALPN (`h2`, then `http/1.1`) with these settings; each
    /// HTTP/2 stream is answered like an HTTP/1.1 request. Nil: HTTP/1.1 only.
    public var http2: SimulatorHTTP2?
    /// Bedrock routes: verify SigV4 signatures against these credentials and region (nil: a
    /// Bedrock API key, ``apiKey``, as a bearer token, or anything when that is nil too).
    public var aws: SimulatorAWS?

    /// Creates a configuration.
    public init(
        apiKey: String? = nil, model: String = "gpt-4.1-mini", wordsPerChunk: Int = 1,
        randomFaults: [(fault: SimulatorFault, probability: Double)] = [], seed: UInt64 = 42,
        name: String = "simulator",
        recordRequests: Bool = true, tls: SimulatorTLS? = nil, aws: SimulatorAWS? = nil,
        http2: SimulatorHTTP2? = nil
    ) {
        self.apiKey = apiKey
        self.model = model
        self.wordsPerChunk = wordsPerChunk
        self.randomFaults = randomFaults
        self.seed = seed
        self.name = name
        self.recordRequests = recordRequests
        self.tls = tls
        self.aws = aws
        self.http2 = http2
    }
}
