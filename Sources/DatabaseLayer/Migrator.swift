import Foundation
import Logging
import SQLKit

/// Applies migrations in order, once each, recording them in `schema_migrations`.
///
/// Migrations come from a directory of `NNNN_name.sql` files (the API's `migrations/`) or are
/// embedded in a module's binary (the balancer's tables, see `docs/decisions.md`). A file named
/// `NNNN_name.postgres.sql` or `NNNN_name.sqlite.sql` applies to that engine only; the rest must be
/// portable SQL. Each migration runs in one transaction, so a failed one leaves no half-applied
/// schema behind.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: String
        public let name: String
        /// The file name it was read from, or would have had: error messages name it.
        public let file: String
        let body: Body

        enum Body: Sendable, Equatable {
            case file(URL)
            case text(String)
        }

        /// An embedded migration; `file` follows the directory's naming (`NNNN_name[.dialect].sql`).
        public init(file: String, sql: String) throws {
            guard let parsed = try Self.parse(file: file) else {
                throw DatabaseError.migrationFailed(file: file, reason: "name must end in .sql")
            }
            self.init(version: parsed.version, name: parsed.name, file: file, dialect: parsed.dialect, body: .text(sql))
        }

        init(version: String, name: String, file: String, dialect: Database.Dialect?, body: Body) {
            self.version = version
            self.name = name
            self.file = file
            self.dialect = dialect
            self.body = body
        }

        /// The engine this migration is restricted to, nil when portable.
        public let dialect: Database.Dialect?

        func text() throws -> String {
            switch body {
            case .file(let url): try String(contentsOf: url, encoding: .utf8)
            case .text(let sql): sql
            }
        }

        /// Version, name and dialect of `NNNN_name.sql` / `NNNN_name.<postgres|sqlite>.sql`; nil for
        /// files that are not SQL.
        static func parse(file: String) throws -> (version: String, name: String, dialect: Database.Dialect?)? {
            guard file.hasSuffix(".sql") else { return nil }
            let stem = String(file.dropLast(4))
            var parts = stem.split(separator: ".")
            var dialect: Database.Dialect?
            if parts.count == 2, let named = Database.Dialect(rawValue: String(parts[1])) {
                dialect = named
                parts.removeLast()
            }
            guard parts.count == 1, let underscore = parts[0].firstIndex(of: "_") else {
                throw DatabaseError.migrationFailed(file: file, reason: "name must be NNNN_name.sql or NNNN_name.<postgres|sqlite>.sql")
            }
            let version = String(parts[0][..<underscore])
            guard !version.isEmpty, version.allSatisfy(\.isNumber) else {
                throw DatabaseError.migrationFailed(file: file, reason: "version must be digits")
            }
            return (version, String(parts[0][parts[0].index(after: underscore)...]), dialect)
        }
    }

    enum Source: Sendable {
        case directory(URL)
        case embedded([Migration])
    }

    let source: Source

    public init(directory: String) {
        self.source = .directory(URL(fileURLWithPath: directory, isDirectory: true))
    }

    public init(embedded migrations: [Migration]) {
        self.source = .embedded(migrations)
    }

    /// The migrations that apply to `dialect`, sorted by version.
    public func migrations(for dialect: Database.Dialect) throws -> [Migration] {
        var result: [Migration]
        switch source {
        case .embedded(let migrations):
            result = migrations.filter { $0.dialect == nil || $0.dialect == dialect }
        case .directory(let directory):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DatabaseError.migrationsDirectoryMissing(directory.path)
            }
            result = []
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                guard let parsed = try Migration.parse(file: file), parsed.dialect == nil || parsed.dialect == dialect else { continue }
                result.append(Migration(version: parsed.version, name: parsed.name, file: file, dialect: parsed.dialect, body: .file(directory.appendingPathComponent(file))))
            }
        }
        result.sort { ($0.version, $0.name) < ($1.version, $1.name) }
        for (a, b) in zip(result, result.dropFirst()) where a.version == b.version {
            throw DatabaseError.migrationFailed(file: b.file, reason: "duplicate version \(a.version)")
        }
        return result
    }

    /// Applies every pending migration and returns the names applied.
    @discardableResult
    public func migrate(_ database: Database, logger: Logger = Logger(label: "wave3.migrate")) async throws -> [String] {
        // The lock comes before the CREATE: two PostgreSQL sessions creating the same table at once
        // collide on its catalog row even with IF NOT EXISTS, so replicas starting together on an
        // empty database must queue here too (docs/decisions.md).
        try await database.transaction { sql in
            try await Self.lock(sql, dialect: database.dialect)
            try await sql.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """).run()
        }
        var applied: [String] = []
        for migration in try migrations(for: database.dialect) {
            let statements = Self.split(try migration.text())
            let wasApplied = try await database.transaction { sql in
                // Replicas may start together: one applies, the others wait and see it done.
                try await Self.lock(sql, dialect: database.dialect)
                let done = try await sql.select().column("version").from("schema_migrations")
                    .where("version", .equal, migration.version).first()
                if done != nil { return false }
                for statement in statements {
                    do {
                        try await sql.raw(SQLQueryString(statement)).run()
                    } catch {
                        throw DatabaseError.migrationFailed(file: migration.file, reason: String(reflecting: error))
                    }
                }
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Timestamp.nowMillis()))
                    .run()
                return true
            }
            if wasApplied {
                logger.info("applied migration", metadata: ["version": .string(migration.version), "name": .string(migration.name)])
                applied.append("\(migration.version)_\(migration.name)")
            }
        }
        return applied
    }

    /// Serialises migrators across processes on PostgreSQL, until the transaction ends. SQLite
    /// needs nothing: `BEGIN IMMEDIATE` already takes the file's write lock.
    private static func lock(_ sql: any SQLDatabase, dialect: Database.Dialect) async throws {
        if dialect == .postgres {
            try await sql.raw("SELECT pg_advisory_xact_lock(7357001)").run()
        }
    }

    /// The migrations not yet recorded in `schema_migrations` (all of them on an empty database).
    /// Readiness uses it: a replica whose schema lags its code must not take traffic.
    public func pending(_ database: Database) async throws -> [Migration] {
        let all = try migrations(for: database.dialect)
        let applied: Set<String>
        do {
            let rows = try await database.sql.select().column("version").from("schema_migrations").all()
            applied = Set(try rows.map { try $0.decode(column: "version", as: String.self) })
        } catch {
            // No schema_migrations table yet: nothing is applied. Any other failure (database
            // unreachable) surfaces from the caller's own ping.
            applied = []
        }
        return all.filter { !applied.contains($0.version) }
    }

    /// Splits a file into statements at semicolons that end a line, dropping `--` comment lines.
    public static func split(_ text: String) -> [String] {
        var statements: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") || trimmed.isEmpty { continue }
            current += line + "\n"
            if trimmed.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines).dropLast().description)
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
