/// How one database spells what the rate-limit statements need: the current time in seconds since
/// 1970 (read from the database, so every process shares one clock), the two-argument minimum and
/// maximum, and a typed positional parameter.
public struct SQLDialect: Sendable {
    /// The kind of a parameter, for databases that want it spelled.
    public enum ParameterType: Sendable {
        case text
        case real
    }

    /// The current time in seconds since 1970, the same value wherever it appears in one statement.
    public var now: String
    /// The smaller of two numbers (`least`, `min`).
    public var least: String
    /// The larger of two numbers (`greatest`, `max`).
    public var greatest: String
    /// The spelling of parameter `index` (from 1) of `type`.
    public var parameter: @Sendable (Int, ParameterType) -> String
    /// A migration that adds a column (`name TYPE ...`) to a table made by an earlier version,
    /// doing nothing when it is there.
    public var addColumn: @Sendable (_ table: String, _ column: String) -> String
    /// Whether each statement is made a stored function by the migration and called by name, so
    /// the database plans it once per connection instead of on every call (PostgreSQL plans the
    /// reservation's upsert in about a millisecond, more than it takes to run it).
    public var storedFunctions: Bool

    /// Creates a dialect.
    public init(
        now: String, least: String, greatest: String, storedFunctions: Bool = false,
        addColumn: @escaping @Sendable (_ table: String, _ column: String) -> String,
        parameter: @escaping @Sendable (Int, ParameterType) -> String
    ) {
        self.addColumn = addColumn
        self.now = now
        self.least = least
        self.greatest = greatest
        self.storedFunctions = storedFunctions
        self.parameter = parameter
    }

    /// PostgreSQL: `now()` is the statement's start in autocommit, the same within a statement;
    /// statements are PL/pgSQL functions (whose plans are cached).
    public static let postgres = SQLDialect(
        now: "extract(epoch from now())::float8", least: "least", greatest: "greatest", storedFunctions: true,
        addColumn: { table, column in "ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS \(column)" },
        parameter: { index, type in "$\(index)::\(type == .text ? "text" : "float8")" })

    /// SQLite: `unixepoch('subsec')` is fixed for one statement's step. It has no
    /// `ADD COLUMN IF NOT EXISTS`: the column is added through a trigger-free check of the
    /// table's columns (`pragma_table_info`) that the driver runs as written.
    public static let sqlite = SQLDialect(
        now: "unixepoch('subsec')", least: "min", greatest: "max",
        addColumn: { table, column in "\(addColumnIfMissing) \(table) \(column)" },
        parameter: { index, _ in "?\(index)" })

    /// The prefix of SQLite's add-column migration, which its driver recognizes: the table, then
    /// the column's definition (`-- add column if missing: TABLE NAME TYPE ...`).
    public static let addColumnIfMissing = "-- add column if missing:"
}
