@preconcurrency import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// SQLite connections that wait for a busy lock instead of failing at once: several processes
/// (replicas, `wave3 migrate`) may share the file.
struct TunedSQLiteSource: ConnectionPoolSource, Sendable {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            // synchronous stays FULL (the default): an acknowledged write must survive a power cut.
            connection.query("PRAGMA busy_timeout = 10000").map { _ in connection }
        }
    }
}
