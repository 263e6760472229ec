import DatabaseLayer
import SQLKit

/// Failed-login counters per throttle key, shared by every replica through the database.
public struct LoginFailureRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The latest `blocked_until` among `keys` (0 when none is blocked).
    public func blockedUntil(keys: [String]) async throws -> Int64 {
        guard !keys.isEmpty else { return 0 }
        let rows = try await database.sql.select().column("blocked_until").from("login_failures").where("throttle_key", .in, keys).all()
        return try rows.map { try $0.decode(column: "blocked_until", as: Int64.self) }.max() ?? 0
    }

    /// Counts one failure for `key` (restarting the count when the last one is older than
    /// `forgetAfter`) and blocks the key until `block(failures)` milliseconds from now.
    public func recordFailure(key: String, now: Int64, forgetAfter: Int64, block: (Int) -> Int64) async throws -> Int {
        let rows = try await database.sql.raw("""
            INSERT INTO login_failures (throttle_key, failures, last_failure_at, blocked_until)
            VALUES (\(bind: key), 1, \(bind: now), 0)
            ON CONFLICT (throttle_key) DO UPDATE SET
                failures = CASE WHEN login_failures.last_failure_at < \(bind: now - forgetAfter) THEN 1 ELSE login_failures.failures + 1 END,
                last_failure_at = excluded.last_failure_at
            RETURNING failures
            """).all()
        let failures = try rows.first?.decode(column: "failures", as: Int.self) ?? 1
        let delay = block(failures)
        if delay > 0 {
            try await database.sql.update("login_failures").set("blocked_until", to: now + delay).where("throttle_key", .equal, key).run()
        }
        return failures
    }

    public func clear(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await database.sql.delete(from: "login_failures").where("throttle_key", .in, keys).run()
    }
}
