import DatabaseLayer
import Foundation
import SQLKit

/// Refresh tokens, stored as hashes. Each login starts a family; each refresh rotates the token
/// within it; a rotated token presented again means it was copied, so its family is revoked.
public struct RefreshTokenRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// What presenting a refresh token came to.
    public enum Rotation: Sendable, Equatable {
        /// The token was current: it is now replaced by the new hash, for this user.
        case rotated(userId: String, familyId: String)
        /// Unknown, expired or revoked.
        case invalid
        /// Already rotated: the family is revoked now.
        case reused(userId: String)
    }

    public func create(tokenHash: String, familyId: String, userId: String, now: Int64, expiresAt: Int64) async throws {
        try await database.sql.insert(into: "refresh_tokens")
            .columns("token_hash", "family_id", "user_id", "created_at", "expires_at")
            .values(SQLBind(tokenHash), SQLBind(familyId), SQLBind(userId), SQLBind(now), SQLBind(expiresAt))
            .run()
    }

    /// Replaces `oldHash` by `newHash` when the old token is current. The conditional update makes
    /// two concurrent uses of one token end as one rotation and one reuse.
    public func rotate(oldHash: String, newHash: String, now: Int64, expiresAt: Int64) async throws -> Rotation {
        try await database.transaction { sql in
            guard let row = try await sql.select().columns("family_id", "user_id", "expires_at", "replaced_by", "revoked_at")
                .from("refresh_tokens").where("token_hash", .equal, oldHash).first() else { return .invalid }
            let familyId = try row.decode(column: "family_id", as: String.self)
            let userId = try row.decode(column: "user_id", as: String.self)
            if try !row.decodeNil(column: "revoked_at") { return .invalid }
            if try !row.decodeNil(column: "replaced_by") {
                try await revokeFamily(familyId, now: now, on: sql)
                return .reused(userId: userId)
            }
            guard try row.decode(column: "expires_at", as: Int64.self) > now else { return .invalid }
            let updated = try await sql.update("refresh_tokens").set("replaced_by", to: newHash)
                .where("token_hash", .equal, oldHash).where("replaced_by", .is, SQLLiteral.null).where("revoked_at", .is, SQLLiteral.null)
                .returning("token_hash").all()
            guard !updated.isEmpty else {
                try await revokeFamily(familyId, now: now, on: sql)
                return .reused(userId: userId)
            }
            try await sql.insert(into: "refresh_tokens")
                .columns("token_hash", "family_id", "user_id", "created_at", "expires_at")
                .values(SQLBind(newHash), SQLBind(familyId), SQLBind(userId), SQLBind(now), SQLBind(expiresAt))
                .run()
            return .rotated(userId: userId, familyId: familyId)
        }
    }

    /// Revokes the family of `tokenHash` when it belongs to `userId`; false when it does not.
    public func revokeFamily(ofToken tokenHash: String, userId: String, now: Int64) async throws -> Bool {
        guard let row = try await database.sql.select().column("family_id").from("refresh_tokens")
            .where("token_hash", .equal, tokenHash).where("user_id", .equal, userId).first() else { return false }
        try await revokeFamily(try row.decode(column: "family_id", as: String.self), now: now, on: database.sql)
        return true
    }

    /// Signs a user out everywhere (logout without a token, demotion, password change).
    public func revokeAll(userId: String, now: Int64) async throws {
        try await database.sql.update("refresh_tokens").set("revoked_at", to: now)
            .where("user_id", .equal, userId).where("revoked_at", .is, SQLLiteral.null).run()
    }

    private func revokeFamily(_ familyId: String, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.update("refresh_tokens").set("revoked_at", to: now)
            .where("family_id", .equal, familyId).where("revoked_at", .is, SQLLiteral.null).run()
    }

    /// Live (unrevoked, unexpired, unrotated) tokens of a user: for tests and the admin view.
    public func liveCount(userId: String, now: Int64) async throws -> Int {
        let row = try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = \(bind: userId) AND revoked_at IS NULL
              AND replaced_by IS NULL AND expires_at > \(bind: now)
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
