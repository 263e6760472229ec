import DatabaseLayer
import Foundation
import SQLKit

/// Versioned model parameters (`model_versions`): `wave3 train` appends, admins activate or roll
/// back, replicas poll the active id.
public struct ModelVersionRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Stores a new version and, when `activate` is set, makes it the active one of its kind in the
    /// same transaction, so replicas never see a kind with no active version in between.
    public func insert(kind: String, parameters: String, metrics: String, activate: Bool) async throws -> ModelVersionRecord {
        let now = Timestamp.nowMillis()
        return try await database.transaction { sql in
            try await lockVersions(sql)
            let row = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS latest FROM model_versions").first()
            let id = (try row?.decode(column: "latest", as: Int64.self) ?? 0) + 1
            if activate {
                try await sql.update("model_versions").set("active", to: 0).where("kind", .equal, kind).where("active", .equal, 1).run()
            }
            try await sql.insert(into: "model_versions")
                .columns("id", "kind", "created_at", "parameters", "metrics", "active", "activated_at")
                .values(SQLBind(id), SQLBind(kind), SQLBind(now), SQLBind(parameters), SQLBind(metrics), SQLBind(activate ? 1 : 0),
                        SQLBind(activate ? now : nil))
                .run()
            return ModelVersionRecord(id: id, kind: kind, createdAt: now, parameters: parameters, metrics: metrics, active: activate,
                                      activatedAt: activate ? now : nil)
        }
    }

    /// Newest first, without the (possibly large) parameter documents.
    public func list(kind: String, limit: Int) async throws -> [ModelVersionRecord] {
        let rows = try await database.sql.select().columns("id", "kind", "created_at", "metrics", "active", "activated_at")
            .from("model_versions").where("kind", .equal, kind).orderBy("id", .descending).limit(limit).all()
        return try rows.map { try Self.decode($0, withParameters: false) }
    }

    /// The id of the active version of `kind`: the cheap query replicas poll.
    public func activeId(kind: String) async throws -> Int64? {
        try await database.sql.select().column("id").from("model_versions")
            .where("kind", .equal, kind).where("active", .equal, 1).orderBy("id", .descending).limit(1).first()?
            .decode(column: "id", as: Int64.self)
    }

    public func get(id: Int64) async throws -> ModelVersionRecord? {
        guard let row = try await database.sql.select().column("*").from("model_versions").where("id", .equal, id).first() else { return nil }
        return try Self.decode(row, withParameters: true)
    }

    /// Makes `id` the active version of its kind. `DatabaseError.notFound` when there is no such version.
    public func activate(id: Int64) async throws -> ModelVersionRecord {
        let now = Timestamp.nowMillis()
        return try await database.transaction { sql in
            try await lockVersions(sql)
            guard let row = try await sql.select().column("*").from("model_versions").where("id", .equal, id).first() else {
                throw DatabaseError.notFound
            }
            var record = try Self.decode(row, withParameters: true)
            try await sql.update("model_versions").set("active", to: 0).where("kind", .equal, record.kind).where("active", .equal, 1).run()
            try await sql.update("model_versions").set("active", to: 1).set("activated_at", to: now).where("id", .equal, id).run()
            record.active = true
            record.activatedAt = now
            return record
        }
    }

    /// The newest version of `kind` older than the active one, the target of a rollback; nil when
    /// there is no active version or nothing before it.
    public func previous(kind: String) async throws -> Int64? {
        guard let active = try await activeId(kind: kind) else { return nil }
        return try await database.sql.select().column("id").from("model_versions")
            .where("kind", .equal, kind).where("id", .lessThan, active).orderBy("id", .descending).limit(1).first()?
            .decode(column: "id", as: Int64.self)
    }

    /// PostgreSQL: one writer of versions at a time, so MAX(id) + 1 and the single active row hold
    /// under concurrent `train` runs. SQLite transactions are already exclusive.
    private func lockVersions(_ sql: any SQLDatabase) async throws {
        if database.dialect == .postgres { try await sql.raw("SELECT pg_advisory_xact_lock(7357020)").run() }
    }

    static func decode(_ row: any SQLRow, withParameters: Bool) throws -> ModelVersionRecord {
        ModelVersionRecord(
            id: try row.decode(column: "id", as: Int64.self),
            kind: try row.decode(column: "kind", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            parameters: withParameters ? try row.decode(column: "parameters", as: String.self) : "",
            metrics: try row.decode(column: "metrics", as: String.self),
            active: try row.decode(column: "active", as: Int.self) != 0,
            activatedAt: try row.decodeNil(column: "activated_at") ? nil : try row.decode(column: "activated_at", as: Int64.self))
    }
}
