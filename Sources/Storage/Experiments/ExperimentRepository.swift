import DatabaseLayer
import Foundation
import LearningCore
import SQLKit

/// Experiments, their sticky assignments and reported values (`migrations/0140_experiments.sql`).
/// Results are aggregated by the database into per-variant sufficient statistics; no per-learner
/// row is read into Swift.
public struct ExperimentRepository: Sendable {
    let database: Database
    /// The window of progress history before exposure that CUPED's covariate counts.
    public static let preExposureWindowMillis: Int64 = 28 * 86_400_000

    public init(database: Database) { self.database = database }

    // MARK: experiments

    /// Inserts a draft; a taken key is `DatabaseError.conflict`.
    public func create(_ record: ExperimentRecord) async throws {
        if try await get(key: record.key) != nil { throw DatabaseError.conflict("experiment key taken") }
        do {
            try await database.sql.insert(into: "experiments")
                .columns("key", "name", "description", "status", "variants", "metrics", "created_at")
                .values(SQLBind(record.key), SQLBind(record.name), SQLBind(record.description), SQLBind(record.status.rawValue),
                        SQLBind(record.variants), SQLBind(record.metrics), SQLBind(record.createdAt))
                .run()
        } catch {
            // A concurrent create of the same key lost the race on the primary key.
            if try await get(key: record.key) != nil { throw DatabaseError.conflict("experiment key taken") }
            throw error
        }
    }

    public func get(key: String) async throws -> ExperimentRecord? {
        try await database.sql.select().column("*").from("experiments").where("key", .equal, key).first().map(Self.decode)
    }

    public func list(status: ExperimentStatus? = nil) async throws -> [ExperimentRecord] {
        var query = database.sql.select().column("*").from("experiments")
        if let status { query = query.where("status", .equal, status.rawValue) }
        return try await query.orderBy("created_at", .descending).orderBy("key").all().map(Self.decode)
    }

    /// Replaces a draft's definition; false when it is no longer a draft (checked in the same statement).
    public func updateDraft(key: String, name: String, description: String, variants: String, metrics: String) async throws -> Bool {
        let rows = try await database.sql.raw("""
            UPDATE experiments SET name = \(bind: name), description = \(bind: description), variants = \(bind: variants), metrics = \(bind: metrics)
            WHERE key = \(bind: key) AND status = 'draft' RETURNING key
            """).all()
        return !rows.isEmpty
    }

    /// Moves `key` from `from` to `to` atomically: false when another request moved it first.
    public func transition(key: String, from: ExperimentStatus, to: ExperimentStatus, at now: Int64) async throws -> Bool {
        let column = to == .running ? "started_at" : "stopped_at"
        let rows = try await database.sql.raw("""
            UPDATE experiments SET status = \(bind: to.rawValue), \(unsafeRaw: column) = \(bind: now)
            WHERE key = \(bind: key) AND status = \(bind: from.rawValue) RETURNING key
            """).all()
        return !rows.isEmpty
    }

    // MARK: assignments

    public func assignment(key: String, learnerId: String) async throws -> ExperimentAssignmentRecord? {
        try await database.sql.select().column("*").from("experiment_assignments")
            .where("experiment_key", .equal, key).where("learner_id", .equal, learnerId).first().map(Self.decodeAssignment)
    }

    /// Records the learner's first exposure with `variant` (the hash's choice) unless a row exists:
    /// an earlier exposure keeps its variant (sticky), an admin's override keeps its choice and gets
    /// its exposure time now. Returns the row in force.
    public func expose(key: String, learnerId: String, variant: String, at now: Int64) async throws -> ExperimentAssignmentRecord {
        if let existing = try await assignment(key: key, learnerId: learnerId), existing.exposedAt != nil { return existing }
        let activity = try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM progress_events
            WHERE user_id = \(bind: learnerId) AND recorded_at >= \(bind: now - Self.preExposureWindowMillis) AND recorded_at < \(bind: now)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        try await database.sql.raw("""
            INSERT INTO experiment_assignments (experiment_key, learner_id, variant, forced, excluded, exposed_at, pre_activity)
            VALUES (\(bind: key), \(bind: learnerId), \(bind: variant), 0, 0, \(bind: now), \(bind: Double(activity)))
            ON CONFLICT (experiment_key, learner_id) DO NOTHING
            """).run()
        try await database.sql.raw("""
            UPDATE experiment_assignments SET exposed_at = \(bind: now), pre_activity = \(bind: Double(activity))
            WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId) AND exposed_at IS NULL
            """).run()
        guard let row = try await assignment(key: key, learnerId: learnerId) else { throw DatabaseError.notFound }
        return row
    }

    /// An admin's override: force `variant`, or exclude the learner (variant nil). An exposure
    /// already recorded keeps its time, so what the learner did since still counts only if forced
    /// learners are counted (they are not: see `aggregates`).
    public func setOverride(key: String, learnerId: String, variant: String?, excluded: Bool) async throws {
        let chosen = variant ?? ""
        try await database.sql.raw("""
            INSERT INTO experiment_assignments (experiment_key, learner_id, variant, forced, excluded, exposed_at, pre_activity)
            VALUES (\(bind: key), \(bind: learnerId), \(bind: chosen), \(bind: variant == nil ? 0 : 1), \(bind: excluded ? 1 : 0), NULL, 0)
            ON CONFLICT (experiment_key, learner_id) DO UPDATE SET variant = excluded.variant, forced = excluded.forced, excluded = excluded.excluded
            """).run()
        // Values already reported stop counting with the override (forced learners were not randomised).
        try await database.sql.raw("""
            UPDATE experiment_learner_metrics SET variant = \(bind: chosen), counted = 0
            WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId)
            """).run()
    }

    /// Removes an override and any recorded exposure: the learner is assigned by the hash again.
    public func clearOverride(key: String, learnerId: String) async throws -> Bool {
        // The learner starts afresh: what they reported under the override never counts.
        try await database.sql.raw("""
            DELETE FROM experiment_learner_metrics WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId)
            AND EXISTS (SELECT 1 FROM experiment_assignments WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId) AND (forced = 1 OR excluded = 1))
            """).run()
        let rows = try await database.sql.raw("""
            DELETE FROM experiment_assignments WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId)
            AND (forced = 1 OR excluded = 1) RETURNING learner_id
            """).all()
        return !rows.isEmpty
    }

    // MARK: events

    public enum EventOutcome: Sendable, Equatable { case recorded, notRunning, notExposed }

    /// Records one reported value, in one transaction that re-checks, under a lock the stop request
    /// also needs, that the experiment is running and the learner exposed and counted.
    public func recordEvent(key: String, learnerId: String, metric: String, value: Double, at now: Int64) async throws -> EventOutcome {
        let lock = database.dialect == .postgres ? " FOR SHARE" : ""
        return try await database.transaction { sql in
            let status = try await sql.raw("SELECT status FROM experiments WHERE key = \(bind: key)\(unsafeRaw: lock)").first()?
                .decode(column: "status", as: String.self)
            guard status == ExperimentStatus.running.rawValue else { return .notRunning }
            guard let exposed = try await sql.raw("""
                SELECT variant, forced, pre_activity FROM experiment_assignments WHERE experiment_key = \(bind: key) AND learner_id = \(bind: learnerId)
                AND exposed_at IS NOT NULL AND excluded = 0
                """).first() else { return .notExposed }
            let variant = try exposed.decode(column: "variant", as: String.self)
            let counted = try exposed.decode(column: "forced", as: Int.self) == 0 ? 1 : 0
            let preActivity = try exposed.decode(column: "pre_activity", as: Double.self)
            try await sql.raw("""
                INSERT INTO experiment_events (id, experiment_key, learner_id, metric, value, recorded_at)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: key), \(bind: learnerId), \(bind: metric), \(bind: value), \(bind: now))
                """).run()
            try await sql.raw("""
                INSERT INTO experiment_learner_metrics (experiment_key, metric, learner_id, variant, pre_activity, counted, count, total, maximum)
                VALUES (\(bind: key), \(bind: metric), \(bind: learnerId), \(bind: variant), \(bind: preActivity), \(bind: counted), 1, \(bind: value), \(bind: value))
                ON CONFLICT (experiment_key, metric, learner_id) DO UPDATE SET
                    variant = excluded.variant, pre_activity = excluded.pre_activity, counted = excluded.counted,
                    count = experiment_learner_metrics.count + 1,
                    total = experiment_learner_metrics.total + excluded.total,
                    maximum = CASE WHEN excluded.maximum > experiment_learner_metrics.maximum THEN excluded.maximum ELSE experiment_learner_metrics.maximum END
                """).run()
            return .recorded
        }
    }

    // MARK: decoding

    static func decode(_ row: any SQLRow) throws -> ExperimentRecord {
        let status = try row.decode(column: "status", as: String.self)
        return ExperimentRecord(
            key: try row.decode(column: "key", as: String.self), name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self), status: ExperimentStatus(rawValue: status) ?? .draft,
            variants: try row.decode(column: "variants", as: String.self), metrics: try row.decode(column: "metrics", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self), startedAt: try row.decode(column: "started_at", as: Int64?.self),
            stoppedAt: try row.decode(column: "stopped_at", as: Int64?.self))
    }

    static func decodeAssignment(_ row: any SQLRow) throws -> ExperimentAssignmentRecord {
        ExperimentAssignmentRecord(variant: try row.decode(column: "variant", as: String.self), forced: try row.decode(column: "forced", as: Int.self) != 0,
                                   excluded: try row.decode(column: "excluded", as: Int.self) != 0,
                                   exposedAt: try row.decode(column: "exposed_at", as: Int64?.self),
                                   preActivity: try row.decode(column: "pre_activity", as: Double.self))
    }
}
