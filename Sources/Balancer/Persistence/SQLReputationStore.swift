import DatabaseLayer
import Foundation
import Logging
import SQLKit

/// The reputation store over the database layer (PostgreSQL or SQLite, one set of queries).
public final class SQLReputationStore: ReputationStore {
    let database: Database
    var db: any SQLDatabase { database.sql }

    public init(database: Database) {
        self.database = database
    }

    public func close() async throws { try await database.close() }

    /// The balancer's tables: one data file, `Resources/balancer_schema.sql`, applied as migration
    /// 0050 (the number it had in the API's `migrations/` before it moved here, so databases that
    /// already ran it skip it). The balancer applies it itself because it may run on a database
    /// that `wave3 migrate` never sees.
    static let migration: Migrator.Migration = {
        // A fixed, known-good file name: parsing cannot fail.
        try! Migrator.Migration(file: "0050_balancer_reputation.sql", sql: String(decoding: PackageResources.balancer_schema_sql, as: UTF8.self))
    }()

    /// Issued API keys (`Resources/balancer_api_keys.sql`), added after 0050 as its own migration
    /// so databases that already ran 0050 gain the table on the next start.
    static let keysMigration: Migrator.Migration = {
        try! Migrator.Migration(file: "0200_balancer_api_keys.sql", sql: String(decoding: PackageResources.balancer_api_keys_sql, as: UTF8.self))
    }()

    static var migrations: [Migrator.Migration] { [migration, keysMigration] }

    public func migrate() async throws {
        try await Migrator(embedded: Self.migrations).migrate(database, logger: Logger(label: "rl-balancer.migrate"))
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    public func append(events: [ReputationBook.PendingEvent]) async throws {
        let ms = Self.nowMs(), mono = monotonicNanos()
        // Events carry monotonic stamps; store wall-clock milliseconds of when they happened.
        func wallMs(_ at: Int64) -> Int64 { ms - max(0, mono - at) / 1_000_000 }
        for chunk in stride(from: 0, to: events.count, by: 200) {
            let slice = events[chunk..<min(chunk + 200, events.count)]
            var insert = db.insert(into: "balancer_reputation_events")
                .columns("id", "client_key", "event_type", "score_after", "occurred_at_ms")
            for e in slice {
                insert = insert.values(SQLBind(UUID().uuidString), SQLBind(e.client), SQLBind(e.event.rawValue), SQLBind(e.scoreAfter), SQLBind(wallMs(e.at)))
            }
            try await insert.run()
        }
    }

    public func upsert(scores: [String: ReputationScore]) async throws {
        let ms = Self.nowMs(), mono = monotonicNanos()
        for (client, s) in scores {
            try await db.insert(into: "balancer_reputation")
                .columns("client_key", "reputation_score", "last_violation_ms", "total_violations", "total_clean_requests", "updated_at_ms")
                .values(SQLBind(client), SQLBind(s.score), SQLBind(s.lastViolationAt.map { ms - max(0, mono - $0) / 1_000_000 }), SQLBind(Int64(s.violations)), SQLBind(Int64(s.cleanRequests)), SQLBind(ms))
                .onConflict(with: ["client_key"]) { conflict in
                    conflict.set(excludedValueOf: "reputation_score")
                        .set(excludedValueOf: "last_violation_ms")
                        .set(excludedValueOf: "total_violations")
                        .set(excludedValueOf: "total_clean_requests")
                        .set(excludedValueOf: "updated_at_ms")
                }
                .run()
        }
    }

    /// Persisted reputation events of one client (admin tooling and tests).
    public func eventCount(client: String) async throws -> Int {
        let row = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("balancer_reputation_events").where("client_key", .equal, client).first()
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    public func loadScores() async throws -> [String: ReputationScore] {
        let rows = try await db.select().columns("client_key", "reputation_score", "total_violations", "total_clean_requests")
            .from("balancer_reputation").all()
        var out: [String: ReputationScore] = [:]
        for row in rows {
            let client = try row.decode(column: "client_key", as: String.self)
            var s = ReputationScore(score: try row.decode(column: "reputation_score", as: Double.self))
            s.violations = Int(try row.decode(column: "total_violations", as: Int64.self))
            s.cleanRequests = Int(try row.decode(column: "total_clean_requests", as: Int64.self))
            out[client] = s
        }
        return out
    }

    public func record(anomaly a: Anomaly) async throws {
        let clients = String(data: try JSONEncoder().encode(a.clients), encoding: .utf8) ?? "[]"
        try await db.insert(into: "balancer_anomalies")
            .columns("id", "anomaly_type", "confidence", "score", "affected_clients", "affected_count", "response_action", "observed_rate", "expected_rate", "detected_at_ms")
            .values(SQLBind(a.id), SQLBind(a.type.rawValue), SQLBind(a.confidence), SQLBind(a.score), SQLBind(clients), SQLBind(a.clients.count),
                    SQLBind(a.responses.map(\.rawValue).joined(separator: ",")), SQLBind(a.observedRate), SQLBind(a.expectedRate), SQLBind(Self.nowMs()))
            .ignoringConflicts(with: ["id"])
            .run()
    }

    public func recentAnomalies(limit: Int) async throws -> [Anomaly] {
        let rows = try await db.select().columns("*").from("balancer_anomalies").orderBy("id", .descending).limit(limit).all()
        return try rows.map { row in
            let clientsText = try row.decode(column: "affected_clients", as: String.self)
            let clients = (try? JSONDecoder().decode([String].self, from: Data(clientsText.utf8))) ?? []
            let responses = try row.decode(column: "response_action", as: String.self).split(separator: ",").compactMap { AnomalyResponse(rawValue: String($0)) }
            return Anomaly(id: try row.decode(column: "id", as: Int64.self),
                           type: AnomalyType(rawValue: try row.decode(column: "anomaly_type", as: String.self)) ?? .burst,
                           confidence: try row.decode(column: "confidence", as: Double.self), score: try row.decode(column: "score", as: Double.self),
                           clients: clients, responses: responses, detectedAt: try row.decode(column: "detected_at_ms", as: Int64.self) / 1000,
                           observedRate: try row.decode(column: "observed_rate", as: Double.self), expectedRate: try row.decode(column: "expected_rate", as: Double.self))
        }
    }

    public func setVIP(client: String, entry: VIPEntry?) async throws {
        guard let entry else {
            try await db.delete(from: "balancer_vip_clients").where("client_key", .equal, client).run()
            return
        }
        try await db.insert(into: "balancer_vip_clients")
            .columns("client_key", "tier", "limit_multiplier", "notes", "created_at_ms")
            .values(SQLBind(client), SQLBind(entry.tier.rawValue), SQLBind(entry.multiplier), SQLBind(entry.notes), SQLBind(Self.nowMs()))
            .onConflict(with: ["client_key"]) { $0.set(excludedValueOf: "tier").set(excludedValueOf: "limit_multiplier").set(excludedValueOf: "notes") }
            .run()
    }

    public func loadVIPs() async throws -> [String: VIPEntry] {
        let rows = try await db.select().columns("client_key", "tier", "limit_multiplier", "notes").from("balancer_vip_clients").all()
        var out: [String: VIPEntry] = [:]
        for row in rows {
            out[try row.decode(column: "client_key", as: String.self)] = VIPEntry(
                tier: PriorityClass(rawValue: try row.decode(column: "tier", as: String.self)) ?? .vip,
                multiplier: try row.decode(column: "limit_multiplier", as: Double.self),
                notes: try row.decode(column: "notes", as: String?.self))
        }
        return out
    }
}
