public import LLMProviders

/// What the simulator's Bedrock routes verify: requests signed with AWS Signature V4 by these
/// credentials for this region and the `bedrock` service, within five minutes of the server's
/// clock.
public struct SimulatorAWS: Sendable {
    /// The credentials requests must be signed with (and whose session token they must carry).
    public var credentials: AWSCredentials
    /// The region requests must be signed for.
    public var region: String

    /// Creates the settings.
    public init(credentials: AWSCredentials, region: String) {
        self.credentials = credentials
        self.region = region
    }
}
