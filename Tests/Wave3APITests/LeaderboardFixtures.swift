import Foundation
import Logging
import NIOConcurrencyHelpers
import Redis
import SQLKit
import Storage
import Testing
@testable import Wave3API

/// Writes learners and XP awards straight into the ledger with chosen recording times, so the
/// tie rules can be tested to the second; then tells the store, as the progress path does.
struct LedgerSeeder {
    let database: Database

    func user(_ id: String, name: String? = nil) async throws {
        try await database.sql.insert(into: "users").columns("id", "email", "password_hash", "display_name", "created_at")
            .values(SQLBind(id), SQLBind("\(id)@example.org"), SQLBind("x"), SQLBind(name ?? "Learner \(id)"), SQLBind(Int64(0))).run()
    }

    func award(_ userId: String, xp: Int, at millis: Int64, subject: String = "math") async throws {
        let event = UUID().uuidString.lowercased()
        try await database.sql.insert(into: "progress_events")
            .columns("id", "user_id", "idempotency_key", "seq", "type", "lesson_id", "occurred_at", "recorded_at")
            .values(SQLBind(event), SQLBind(userId), SQLBind(event), SQLBind(0), SQLBind("quiz_attempt"), SQLBind("lesson"),
                    SQLBind(millis), SQLBind(millis)).run()
        try await database.sql.insert(into: "xp_ledger").columns("id", "user_id", "amount", "reason", "event_id", "subject_id", "created_at")
            .values(SQLBind(UUID().uuidString), SQLBind(userId), SQLBind(xp), SQLBind("quiz_correct"), SQLBind(event), SQLBind(subject),
                    SQLBind(millis)).run()
    }
}

/// Collects published rank changes.
final class RankChanges: LeaderboardRankObserver {
    private let changes = NIOLockedValueBox<[LeaderboardRankChange]>([])
    func rankChanged(_ change: LeaderboardRankChange) async { changes.withLockedValue { $0.append(change) } }
    var all: [LeaderboardRankChange] { changes.withLockedValue { $0 } }
}

enum LeaderboardStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case ledger, redis
    var testDescription: String { rawValue }
}

enum RedisTestSupport {
    /// The private redis-server of `make test`; its absence fails the test.
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["WAVE3_TEST_REDIS_URL"], !url.isEmpty else {
            Issue.record("WAVE3_TEST_REDIS_URL is unset: run `eval \"$(scripts/redis.sh start)\"` first")
            throw RedisError.unavailable("WAVE3_TEST_REDIS_URL unset")
        }
        return url
    }

    static func namespace() -> String { "test-\(UUID().uuidString.prefix(12)):" }

    /// Deletes a test's keys.
    static func clear(_ client: RedisClient, namespace: String) async throws {
        let keys = try await client.command("KEYS", namespace + "*").array?.compactMap(\.string) ?? []
        if !keys.isEmpty { try await client.command(RedisCommand(["DEL"] + keys)) }
    }

    /// Waits for `condition` with a deadline (never a fixed sleep).
    static func eventually(_ what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("not within \(timeout): \(what)")
        throw CancellationError()
    }

    /// A store of `kind` on a fresh database; Redis boards start healthy (checked once).
    static func withStore(_ kind: LeaderboardStoreKind,
                          _ body: @escaping @Sendable (any LeaderboardStore, LedgerSeeder, LeaderboardRuntime, RedisClient?, RankChanges) async throws -> Void) async throws {
        try await TestEnvironment.withDatabase { database in
            let changes = RankChanges()
            var client: RedisClient?
            let namespace = namespace()
            if kind == .redis { client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(url()))) }
            let runtime = LeaderboardRuntime(database: database, client: client, logger: Logger(label: "test"), namespace: namespace, observer: changes)
            await runtime.check()
            if kind == .redis { #expect(runtime.source == "redis") }
            do {
                try await body(runtime.store, LedgerSeeder(database: database), runtime, client, changes)
            } catch {
                if let client { try? await clear(client, namespace: namespace); client.shutdown() }
                throw error
            }
            if let client { try await clear(client, namespace: namespace); client.shutdown() }
        }
    }
}
