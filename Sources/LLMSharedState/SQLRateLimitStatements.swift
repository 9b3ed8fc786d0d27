/// The statements of the SQL rate-limit store, each one atomic decision (an upsert, an update or a
/// delete that the database runs under the row's lock), so replicas never read, decide and write
/// in separate steps. They compute exactly what ``Connectors/InMemoryRateLimitStore`` computes:
/// buckets refilled continuously (N per minute refill N/60 a second, holding at most N) from
/// the time of the last change, on the database's clock.
///
/// Tables (DESIGN.md, "Shared state"):
/// - `llm_rate_limits` — one row per endpoint key: `name`, the buckets `requests` and `tokens`,
///   `updated_at` (seconds since 1970), `paused_until` (a 429's pause) and the last decision,
///   which the reserving and leasing statements return: `admitted` (the requests granted, 0 for
///   none), `wait_ms` (when none) and `granted_tokens`.
/// - `llm_cooldowns` — one row per endpoint or deployment key cooling down: `name`, `until_at`.
struct SQLRateLimitStatements: Sendable {
    /// The tables the store uses.
    static let tables = ["llm_rate_limits", "llm_cooldowns"]

    /// Creates the tables.
    let migrations: [String]
    /// Reserves: `$1` key, `$2` requests per minute (null: unlimited), `$3` tokens per minute,
    /// `$4` tokens; returns `admitted` (1 or 0) and `wait_ms`.
    let reserve: String
    /// Settles: `$1` key, `$2` rpm, `$3` tpm, `$4` tokens to give back (negative: to take).
    let settle: String
    /// Leases (``QuotaLease``): `$1` key, `$2` rpm, `$3` tpm, `$4` requests and `$5` tokens given
    /// back, `$6` the admitting request's tokens, `$7` extra requests and `$8` extra tokens wanted;
    /// returns `admitted` (the requests granted, 0 for none), `wait_ms` and `granted_tokens`.
    let lease: String
    /// Gives a lease's remainder back: `$1` key, `$2` rpm, `$3` tpm, `$4` requests, `$5` tokens.
    let giveBack: String
    /// Pauses: `$1` key, `$2` milliseconds.
    let pause: String
    /// Reads the buckets: `$1` key, `$2` rpm, `$3` tpm; returns requests and tokens.
    let remaining: String
    /// Cools down: `$1` key, `$2` milliseconds.
    let coolDown: String
    /// Every running cooldown: name and milliseconds left.
    let running: String
    /// Ends a cooldown: `$1` key.
    let endCooldown: String

    /// A statement, its parameters' types, and the columns it returns (none for a write).
    private struct Statement {
        var name: String
        var sql: String
        var parameters: [SQLDialect.ParameterType]
        var returns: [String: String] = [:]
        var order: [String] = []
    }

    init(_ dialect: SQLDialect) {
        let now = dialect.now
        let (least, greatest) = (dialect.least, dialect.greatest)
        func text(_ index: Int) -> String { dialect.parameter(index, .text) }
        func real(_ index: Int) -> String { dialect.parameter(index, .real) }
        let (key, rpm, tpm, amount) = (text(1), real(2), real(3), real(4))
        // The buckets refilled to now (a bucket without a limit is left as it is).
        let requests =
            "(CASE WHEN \(rpm) IS NULL THEN b.requests ELSE \(least)(\(rpm), b.requests + (\(now) - b.updated_at) * \(rpm) / 60.0) END)"
        let tokens =
            "(CASE WHEN \(tpm) IS NULL THEN b.tokens ELSE \(least)(\(tpm), b.tokens + (\(now) - b.updated_at) * \(tpm) / 60.0) END)"
        let paused = "(b.paused_until IS NOT NULL AND b.paused_until > \(now))"
        let admits =
            "(NOT \(paused) AND (\(rpm) IS NULL OR \(requests) >= 1) AND (\(tpm) IS NULL OR \(tokens) >= \(amount)))"
        let columns = "(name, requests, tokens, updated_at, paused_until, admitted, wait_ms)"
        /// The wait for one request of `need` tokens from buckets holding `r` and `t`.
        func waitFor(_ r: String, _ t: String, _ need: String) -> String {
            """
            (CASE WHEN \(paused) THEN (b.paused_until - \(now)) * 1000.0 ELSE \(greatest)(\
            CASE WHEN \(rpm) IS NOT NULL AND \(r) < 1 THEN (1 - \(r)) * 60000.0 / \(rpm) ELSE 0 END, \
            CASE WHEN \(tpm) IS NOT NULL AND \(t) < \(need) THEN (\(need) - \(t)) * 60000.0 / \(tpm) ELSE 0 END) END)
            """
        }
        let wait = waitFor(requests, tokens, amount)
        var migrations = [
            """
            CREATE TABLE IF NOT EXISTS llm_rate_limits (name TEXT PRIMARY KEY, requests DOUBLE PRECISION NOT NULL, \
            tokens DOUBLE PRECISION NOT NULL, updated_at DOUBLE PRECISION NOT NULL, paused_until DOUBLE PRECISION, \
            admitted DOUBLE PRECISION NOT NULL, wait_ms DOUBLE PRECISION NOT NULL)
            """,
            "CREATE TABLE IF NOT EXISTS llm_cooldowns (name TEXT PRIMARY KEY, until_at DOUBLE PRECISION NOT NULL)",
            dialect.addColumn("llm_rate_limits", "granted_tokens DOUBLE PRECISION NOT NULL DEFAULT 0"),
        ]
        // A new key starts with full buckets, less this request (a request larger than the token
        // limit never gets here).
        let reserveSQL = """
            INSERT INTO llm_rate_limits AS b \(columns) VALUES (\(key), \
            CASE WHEN \(rpm) IS NULL THEN 0 ELSE \(rpm) - 1 END, CASE WHEN \(tpm) IS NULL THEN 0 ELSE \(tpm) - \(amount) END, \
            \(now), NULL, 1, 0) \
            ON CONFLICT (name) DO UPDATE SET \
            requests = CASE WHEN \(admits) THEN \(requests) - 1 ELSE \(requests) END, \
            tokens = CASE WHEN \(admits) THEN \(tokens) - \(amount) ELSE \(tokens) END, \
            updated_at = \(now), \
            admitted = CASE WHEN \(admits) THEN 1 ELSE 0 END, \
            wait_ms = CASE WHEN \(admits) THEN 0 ELSE \(wait) END \
            RETURNING admitted, wait_ms
            """
        // The lease: the buckets refilled and given back to (never above the limit), then the
        // admitting request and the top-up, as much of it as the buckets hold.
        let (give, giveTokens, need, extra, extraTokens) = (real(4), real(5), real(6), real(7), real(8))
        let leaseR = "(CASE WHEN \(rpm) IS NULL THEN b.requests ELSE \(least)(\(rpm), \(requests) + \(give)) END)"
        let leaseT = "(CASE WHEN \(tpm) IS NULL THEN b.tokens ELSE \(least)(\(tpm), \(tokens) + \(giveTokens)) END)"
        let leaseAdmits =
            "(NOT \(paused) AND (\(rpm) IS NULL OR \(leaseR) >= 1) AND (\(tpm) IS NULL OR \(leaseT) >= \(need)))"
        let grantR = "(CASE WHEN \(rpm) IS NULL THEN 1 + \(extra) ELSE 1 + \(least)(\(extra), \(leaseR) - 1) END)"
        let grantT =
            "(CASE WHEN \(tpm) IS NULL THEN \(need) + \(extraTokens) ELSE \(need) + \(least)(\(extraTokens), \(leaseT) - \(need)) END)"
        let leaseSQL = """
            INSERT INTO llm_rate_limits AS b \(columns.dropLast()), granted_tokens) VALUES (\(key), \
            CASE WHEN \(rpm) IS NULL THEN 0 ELSE \(rpm) - 1 - \(least)(\(extra), \(rpm) - 1) END, \
            CASE WHEN \(tpm) IS NULL THEN 0 ELSE \(tpm) - \(need) - \(least)(\(extraTokens), \(tpm) - \(need)) END, \
            \(now), NULL, CASE WHEN \(rpm) IS NULL THEN 1 + \(extra) ELSE 1 + \(least)(\(extra), \(rpm) - 1) END, 0, \
            CASE WHEN \(tpm) IS NULL THEN \(need) + \(extraTokens) ELSE \(need) + \(least)(\(extraTokens), \(tpm) - \(need)) END) \
            ON CONFLICT (name) DO UPDATE SET \
            requests = CASE WHEN \(rpm) IS NULL THEN b.requests WHEN \(leaseAdmits) THEN \(leaseR) - \(grantR) ELSE \(leaseR) END, \
            tokens = CASE WHEN \(tpm) IS NULL THEN b.tokens WHEN \(leaseAdmits) THEN \(leaseT) - \(grantT) ELSE \(leaseT) END, \
            updated_at = \(now), \
            admitted = CASE WHEN \(leaseAdmits) THEN \(grantR) ELSE 0 END, \
            wait_ms = CASE WHEN \(leaseAdmits) THEN 0 ELSE \(waitFor(leaseR, leaseT, need)) END, \
            granted_tokens = CASE WHEN \(leaseAdmits) THEN \(grantT) ELSE 0 END \
            RETURNING admitted, wait_ms, granted_tokens
            """
        let giveBackSQL = """
            UPDATE llm_rate_limits AS b SET \
            requests = CASE WHEN \(rpm) IS NULL THEN b.requests ELSE \(least)(\(rpm), \(requests) + \(give)) END, \
            tokens = CASE WHEN \(tpm) IS NULL THEN b.tokens ELSE \(least)(\(tpm), \(tokens) + \(giveTokens)) END, \
            updated_at = \(now) WHERE b.name = \(key)
            """
        let settleSQL = """
            UPDATE llm_rate_limits AS b SET requests = \(requests), \
            tokens = CASE WHEN \(tpm) IS NULL THEN b.tokens + \(amount) ELSE \(least)(\(tpm), \(tokens) + \(amount)) END, \
            updated_at = \(now) WHERE b.name = \(key)
            """
        // Like the in-memory store, a pause of a key never seen starts it with empty buckets.
        let pauseSQL = """
            INSERT INTO llm_rate_limits AS b \(columns) VALUES (\(key), 0, 0, \(now), \(now) + \(real(2)) / 1000.0, 0, 0) \
            ON CONFLICT (name) DO UPDATE SET paused_until = \(greatest)(COALESCE(b.paused_until, 0), excluded.paused_until)
            """
        let remainingSQL = "SELECT \(requests), \(tokens) FROM llm_rate_limits AS b WHERE b.name = \(key)"
        let coolDownSQL = """
            INSERT INTO llm_cooldowns AS c (name, until_at) VALUES (\(key), \(now) + \(real(2)) / 1000.0) \
            ON CONFLICT (name) DO UPDATE SET until_at = \(greatest)(c.until_at, excluded.until_at)
            """
        let runningSQL = "SELECT name, (until_at - \(now)) * 1000.0 FROM llm_cooldowns WHERE until_at > \(now)"
        let endCooldownSQL = "DELETE FROM llm_cooldowns WHERE name = \(key)"
        let real3: [SQLDialect.ParameterType] = [.text, .real, .real]
        let all = [
            Statement(
                name: "reserve", sql: reserveSQL, parameters: real3 + [.real],
                returns: ["admitted": "float8", "wait_ms": "float8"], order: ["admitted", "wait_ms"]),
            Statement(name: "settle", sql: settleSQL, parameters: real3 + [.real]),
            Statement(
                name: "lease", sql: leaseSQL, parameters: real3 + Array(repeating: .real, count: 5),
                returns: ["admitted": "float8", "wait_ms": "float8", "granted_tokens": "float8"],
                order: ["admitted", "wait_ms", "granted_tokens"]),
            Statement(name: "give_back", sql: giveBackSQL, parameters: real3 + [.real, .real]),
            Statement(name: "pause", sql: pauseSQL, parameters: [.text, .real]),
            Statement(
                name: "remaining", sql: remainingSQL, parameters: real3,
                returns: ["requests": "float8", "tokens": "float8"], order: ["requests", "tokens"]),
            Statement(name: "cool_down", sql: coolDownSQL, parameters: [.text, .real]),
            Statement(
                name: "running", sql: runningSQL, parameters: [], returns: ["name": "text", "left_ms": "float8"],
                order: ["name", "left_ms"]),
            Statement(name: "end_cooldown", sql: endCooldownSQL, parameters: [.text]),
        ]
        var calls: [String] = []
        for statement in all {
            guard dialect.storedFunctions else {
                calls.append(statement.sql)
                continue
            }
            let types = statement.parameters.map { $0 == .text ? "text" : "float8" }
            let function = "llm_\(statement.name)(\(types.joined(separator: ", ")))"
            // Result columns are named out_… so they never shadow a table's column in the body.
            let body: String
            let result: String
            if statement.order.isEmpty {
                result = "void"
                body = "BEGIN \(statement.sql); END"
            } else {
                result =
                    "TABLE(\(statement.order.map { "out_\($0) \(statement.returns[$0]!)" }.joined(separator: ", ")))"
                body = "BEGIN RETURN QUERY \(statement.sql); END"
            }
            migrations.append(
                "CREATE OR REPLACE FUNCTION \(function) RETURNS \(result) LANGUAGE plpgsql AS $fn$ \(body) $fn$")
            let arguments = statement.parameters.indices.map { dialect.parameter($0 + 1, statement.parameters[$0]) }
            let call = "llm_\(statement.name)(\(arguments.joined(separator: ", ")))"
            calls.append(statement.order.isEmpty ? "SELECT \(call)" : "SELECT * FROM \(call)")
        }
        self.migrations = migrations
        (reserve, settle, lease, giveBack, pause, remaining, coolDown, running, endCooldown) = (
            calls[0], calls[1], calls[2], calls[3], calls[4], calls[5], calls[6], calls[7], calls[8]
        )
    }
}
