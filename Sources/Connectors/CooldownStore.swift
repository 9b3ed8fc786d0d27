/// Cooldowns kept where several processes can see them, so that a replica skips an endpoint or a
/// router deployment another replica just saw fail (DESIGN.md, "Shared state").
///
/// Keys are opaque strings chosen by the caller (a connector uses `endpoint:` and the endpoint's
/// rate-limit key, a router `deployment:` and the deployment's name). Implementations must make
/// each operation atomic; a store that cannot reach its backing state answers from what it holds
/// locally rather than failing the request.
public protocol CooldownStore: Sendable {
    /// Marks `key` as cooling down for `duration` from now (a later end wins over an earlier one).
    func coolDown(key: String, for duration: Duration) async

    /// The cooldowns still running among `keys`, each with the time it has left.
    func cooldowns(keys: [String]) async -> [String: Duration]

    /// Ends the cooldown of `key` (it answered again).
    func endCooldown(key: String) async
}
