import Foundation
import Logging
import SQLKit

/// Applies `migrations/NNNN_name.sql` in order, once each, recording them in `schema_migrations`.
///
/// A file named `NNNN_name.postgres.sql` or `NNNN_name.sqlite.sql` applies to that engine only; the
/// rest must be portable SQL. Each file runs in one transaction, so a failed migration leaves no
/// half-applied schema behind.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Equatable {
        public let version: String
        public let name: String
        public let url: URL
    }

    public let directory: URL

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    /// The migrations in the directory that apply to `dialect`, sorted by version.
    public func migrations(for dialect: Database.Dialect) throws -> [Migration] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatabaseError.migrationsDirectoryMissing(directory.path)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var result: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let stem = String(file.dropLast(4))
            var parts = stem.split(separator: ".")
            if parts.count == 2 {
                guard parts[1] == dialect.rawValue else { continue }
                parts.removeLast()
            }
            guard parts.count == 1, let underscore = stem.firstIndex(of: "_") else {
                throw DatabaseError.migrationFailed(file: file, reason: "name must be NNNN_name.sql or NNNN_name.<postgres|sqlite>.sql")
            }
            let version = String(stem[..<underscore])
            guard !version.isEmpty, version.allSatisfy(\.isNumber) else {
                throw DatabaseError.migrationFailed(file: file, reason: "version must be digits")
            }
            let name = String(parts[0][parts[0].index(after: parts[0].firstIndex(of: "_")!)...])
            result.append(Migration(version: version, name: name, url: directory.appendingPathComponent(file)))
        }
        result.sort { ($0.version, $0.name) < ($1.version, $1.name) }
        for (a, b) in zip(result, result.dropFirst()) where a.version == b.version {
            throw DatabaseError.migrationFailed(file: b.url.lastPathComponent, reason: "duplicate version \(a.version)")
        }
        return result
    }

    /// Applies every pending migration and returns the names applied.
    @discardableResult
    public func migrate(_ database: Database, logger: Logger = Logger(label: "wave3.migrate")) async throws -> [String] {
        try await database.sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
            """).run()
        var applied: [String] = []
        for migration in try migrations(for: database.dialect) {
            let text = try String(contentsOf: migration.url, encoding: .utf8)
            let statements = Self.split(text)
            let wasApplied = try await database.transaction { sql in
                if database.dialect == .postgres {
                    // Replicas may start together: one applies, the others wait and see it done.
                    try await sql.raw("SELECT pg_advisory_xact_lock(7357001)").run()
                }
                let done = try await sql.select().column("version").from("schema_migrations")
                    .where("version", .equal, migration.version).first()
                if done != nil { return false }
                for statement in statements {
                    do {
                        try await sql.raw(SQLQueryString(statement)).run()
                    } catch {
                        throw DatabaseError.migrationFailed(file: migration.url.lastPathComponent, reason: String(reflecting: error))
                    }
                }
                try await sql.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Int64(Date().timeIntervalSince1970 * 1000)))
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

    /// The migrations of the directory not yet recorded in `schema_migrations` (all of them on an
    /// empty database). Readiness uses it: a replica whose schema lags its code must not take traffic.
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
    static func split(_ text: String) -> [String] {
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
