@preconcurrency import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// One handle on the application's database, PostgreSQL or SQLite, with the same SQLKit surface.
///
/// Repositories speak SQLKit only, so one set of queries serves both engines; the few places where
/// the dialects differ ask `dialect`.
public final class Database: Sendable {
    public enum Dialect: String, Sendable { case sqlite, postgres }

    public let dialect: Dialect
    public let sql: any SQLDatabase
    private let shutdownPool: @Sendable () async throws -> Void
    /// SQLite only: concurrent write transactions share one commit (see `WriteBatcher`).
    private let batcher: WriteBatcher?

    private init(dialect: Dialect, sql: any SQLDatabase, shutdown: @escaping @Sendable () async throws -> Void) {
        self.dialect = dialect
        self.sql = sql
        self.shutdownPool = shutdown
        self.batcher = dialect == .sqlite ? WriteBatcher(sql: sql) : nil
    }

    /// Opens a pooled connection to `url` (see `DatabaseURL`).
    /// - Parameter postgresSearchPath: schemas to search on PostgreSQL (tests isolate themselves in one).
    public static func open(url: String, logger: Logger, maxConnectionsPerEventLoop: Int = 4, postgresSearchPath: [String]? = nil) async throws -> Database {
        let eventLoopGroup = MultiThreadedEventLoopGroup.singleton
        switch try DatabaseURL(parsing: url) {
        case .postgres(let raw):
            var configuration = try SQLPostgresConfiguration(url: raw)
            if let postgresSearchPath { configuration.searchPath = postgresSearchPath }
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
                logger: logger,
                on: eventLoopGroup
            )
            let sql = PooledSQLDatabase(pool: pool, logger: logger, dialect: PostgresDialect()) { $0.sql() }
            return Database(dialect: .postgres, sql: sql) { try await pool.shutdownAsync() }
        case .sqlite(let path):
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            return try await openSQLite(storage: .file(path: url.path), logger: logger, eventLoopGroup: eventLoopGroup, connections: maxConnectionsPerEventLoop)
        case .sqliteMemory:
            // One connection: every SQLite connection to ":memory:" would be its own empty database.
            return try await openSQLite(storage: .memory, logger: logger, eventLoopGroup: MultiThreadedEventLoopGroup.singleton.next(), connections: 1)
        }
    }

    private static func openSQLite(storage: SQLiteConfiguration.Storage, logger: Logger, eventLoopGroup: any EventLoopGroup, connections: Int) async throws -> Database {
        // SQLite calls block; they get a thread pool of their own so that a busy database never
        // starves the shared pool that bcrypt and file serving use.
        let threadPool = NIOThreadPool(numberOfThreads: 8)
        threadPool.start()
        let source = TunedSQLiteSource(base: SQLiteConnectionSource(configuration: .init(storage: storage, enableForeignKeys: true), threadPool: threadPool))
        let pool = EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: connections, logger: logger, on: eventLoopGroup)
        let sql = PooledSQLDatabase(pool: pool, logger: logger, dialect: SQLiteDialect()) { $0.sql() }
        let database = Database(dialect: .sqlite, sql: sql) {
            try await pool.shutdownAsync()
            try await threadPool.shutdownGracefully()
        }
        // WAL lets several replicas read while one writes; it is a property of the file, set once.
        if case .file = storage {
            do {
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            } catch {
                // A pool released without shutdown traps in async-kit: close it before giving up.
                try? await database.close()
                throw error
            }
        }
        return database
    }

    /// Runs `body` inside one transaction on one pooled connection; rolls back when it throws.
    /// On SQLite the transaction is a savepoint in a batch that commits together with the
    /// concurrent ones (`WriteBatcher`); the result is returned only after that commit.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let batcher { return try await batcher.transaction(body) }
        return try await sql.withSession { session in
            try await session.raw("BEGIN").run()
            do {
                let result = try await body(session)
                try await session.raw("COMMIT").run()
                return result
            } catch {
                try? await session.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// A cheap round trip, for readiness checks.
    public func ping() async throws {
        try await sql.raw("SELECT 1").run()
    }

    public func close() async throws {
        try await shutdownPool()
    }
}
