@preconcurrency import AsyncKit
import PostgresKit
import SQLiteKit

extension DatabaseError {
    /// The pool was closed by `Database.close()`: the process is shutting down, which is not a fault
    /// of the request or loop that ran into it.
    public static func isShutdown(_ error: any Error) -> Bool {
        if case .shutdown? = error as? AsyncKit.ConnectionPoolError { return true }
        return false
    }

    /// A query named a table that does not exist yet: the schema is not migrated. Readiness reports
    /// that (`/health/ready`), so background loops wait for the migration quietly instead of
    /// logging every poll as a failure.
    public static func isMissingTable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "42P01" }  // undefined_table
        if let error = error as? SQLiteError { return error.message.hasPrefix("no such table") }
        return false
    }
}
