import DatabaseLayer
import Foundation
import Logging
import SQLKit
import Testing

/// The migration runner on a fresh database: a temp SQLite file, or a fresh schema of the
/// PostgreSQL named by `WAVE3_TEST_DATABASE_URL` (`make test` runs both; unreachable fails).
@Suite struct MigratorTests {
    static let migrations = [
        try! Migrator.Migration(file: "0001_first.sql", sql: "CREATE TABLE first_t (id TEXT PRIMARY KEY);\nCREATE TABLE second_t (id TEXT);"),
        try! Migrator.Migration(file: "0002_only_sqlite.sqlite.sql", sql: "CREATE TABLE lite_only (id TEXT);"),
        try! Migrator.Migration(file: "0002_only_pg.postgres.sql", sql: "CREATE TABLE pg_only_t (id TEXT);"),
    ]

    @Test func threeMigratorsStartedTogetherOnAnEmptyDatabaseAllSucceed() async throws {
        try await FreshDatabase.with(handles: 3) { handles in
            let migrator = Migrator(embedded: Self.migrations)
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for database in handles { group.addTask { try await migrator.migrate(database) } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            // Each migration was applied by exactly one of the three.
            #expect(applied.sorted() == ["0001_first", handles[0].dialect == .postgres ? "0002_only_pg" : "0002_only_sqlite"])
            let rows = try await handles[0].sql.select().column("version").from("schema_migrations").all()
            #expect(rows.count == 2)
            #expect(try await migrator.pending(handles[0]).isEmpty)
        }
    }

    @Test func embeddedMigrationsFollowTheFileNaming() throws {
        #expect(Self.migrations.map(\.version) == ["0001", "0002", "0002"])
        #expect(Self.migrations.map(\.dialect) == [nil, .sqlite, .postgres])
        #expect(try Migrator(embedded: Self.migrations).migrations(for: .sqlite).map(\.name) == ["first", "only_sqlite"])
        #expect(throws: DatabaseError.self) { try Migrator.Migration(file: "first.sql", sql: "") }
        #expect(throws: DatabaseError.self) { try Migrator.Migration(file: "00x1_first.sql", sql: "") }
    }
}

/// `handles` separate pools on one empty database, as separate replicas would have.
enum FreshDatabase {
    static func with(handles count: Int, _ body: ([Database]) async throws -> Void) async throws {
        let logger = Logger(label: "test")
        var handles: [Database] = []
        var cleanup: () async throws -> Void
        if let url = ProcessInfo.processInfo.environment["WAVE3_TEST_DATABASE_URL"], !url.isEmpty {
            let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(url: url, logger: logger, maxConnectionsPerEventLoop: 1)
            try await admin.sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
            for _ in 0..<count { handles.append(try await Database.open(url: url, logger: logger, postgresSearchPath: [String(schema)])) }
            cleanup = { [handles] in
                for handle in handles { try await handle.close() }
                try await admin.sql.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run()
                try await admin.close()
            }
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("wave3-migrator-\(UUID().uuidString).sqlite").path
            for _ in 0..<count { handles.append(try await Database.open(url: "sqlite://\(path)", logger: logger)) }
            cleanup = { [handles] in
                for handle in handles { try await handle.close() }
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        do {
            try await body(handles)
            try await cleanup()
        } catch {
            try? await cleanup()
            throw error
        }
    }
}
