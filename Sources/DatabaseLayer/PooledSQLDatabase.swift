@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLKit

/// An `SQLDatabase` over an AsyncKit connection pool, for both PostgreSQL and SQLite.
///
/// Every query borrows a connection for its own duration; `withSession` pins one connection for a
/// whole closure, which is what transactions need.
///
/// `@unchecked Sendable` is sound here: the only stored state is the pool (AsyncKit's
/// `EventLoopGroupConnectionPool` guards all its mutable state with a lock and hands connections
/// out on their own event loops; it predates `Sendable` annotations), plus immutable values.
struct PooledSQLDatabase<Source: ConnectionPoolSource>: SQLDatabase, @unchecked Sendable where Source.Connection: Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    let logger: Logger
    let dialect: any SQLDialect
    let makeSQL: @Sendable (Source.Connection) -> any SQLDatabase

    var eventLoop: any EventLoop { pool.eventLoopGroup.any() }
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let makeSQL = self.makeSQL
        return pool.withConnection(logger: logger) { connection in
            makeSQL(connection).execute(sql: query, onRow)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await withSession { try await $0.execute(sql: query, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        return try await closure(makeSQL(connection))
    }
}
