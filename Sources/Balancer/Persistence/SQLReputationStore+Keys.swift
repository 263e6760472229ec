import SQLKit

/// API keys and score resets, over the same database as the rest of the reputation store.
extension SQLReputationStore {
    public func deleteScore(client: String) async throws {
        try await db.delete(from: "balancer_reputation").where("client_key", .equal, client).run()
    }

    public func saveKey(_ r: APIKeyRecord) async throws {
        try await db.insert(into: "balancer_api_keys")
            .columns("key_id", "name", "tier", "limit_multiplier", "secret_hash", "created_at_ms", "revoked_at_ms")
            .values(SQLBind(r.id), SQLBind(r.name), SQLBind(r.tier.rawValue), SQLBind(r.multiplier), SQLBind(r.secretHash),
                    SQLBind(r.createdAtMs), SQLBind(r.revokedAtMs))
            .run()
    }

    public func revokeKey(id: String, atMs: Int64) async throws {
        try await db.update("balancer_api_keys").set("revoked_at_ms", to: SQLBind(atMs))
            .where("key_id", .equal, id).where("revoked_at_ms", .is, SQLLiteral.null).run()
    }

    public func loadKeys() async throws -> [APIKeyRecord] {
        let rows = try await db.select()
            .columns("key_id", "name", "tier", "limit_multiplier", "secret_hash", "created_at_ms")
            .from("balancer_api_keys").where("revoked_at_ms", .is, SQLLiteral.null).all()
        return try rows.map { row in
            APIKeyRecord(id: try row.decode(column: "key_id", as: String.self), name: try row.decode(column: "name", as: String.self),
                         tier: PriorityClass(rawValue: try row.decode(column: "tier", as: String.self)) ?? .standard,
                         multiplier: try row.decode(column: "limit_multiplier", as: Double.self),
                         secretHash: try row.decode(column: "secret_hash", as: String.self),
                         createdAtMs: try row.decode(column: "created_at_ms", as: Int64.self))
        }
    }
}
