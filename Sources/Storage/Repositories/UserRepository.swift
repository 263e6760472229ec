import DatabaseLayer
import Foundation
import SQLKit

/// Users and their credentials.
public struct UserRepository: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Inserts a user; a taken email is `DatabaseError.conflict`.
    public func create(email: String, passwordHash: String, displayName: String, role: String) async throws -> UserRecord {
        let user = UserRecord(id: UUID().uuidString.lowercased(), email: email.lowercased(), passwordHash: passwordHash,
                              displayName: displayName, role: role, createdAt: Timestamp.nowMillis())
        if try await find(email: user.email) != nil { throw DatabaseError.conflict("email already registered") }
        do {
            try await database.sql.insert(into: "users").model(user, keyEncodingStrategy: .convertToSnakeCase).run()
        } catch {
            // Lost a race with another registration of the same email.
            if try await find(email: user.email) != nil { throw DatabaseError.conflict("email already registered") }
            throw error
        }
        return user
    }

    public func find(email: String) async throws -> UserRecord? {
        try await database.sql.select().column("*").from("users").where("email", .equal, email.lowercased())
            .first(decoding: UserRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func find(id: String) async throws -> UserRecord? {
        try await database.sql.select().column("*").from("users").where("id", .equal, id)
            .first(decoding: UserRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func setRole(id: String, role: String) async throws {
        try await database.sql.update("users").set("role", to: role).where("id", .equal, id).run()
    }

    public func list(role: String? = nil) async throws -> [UserRecord] {
        var query = database.sql.select().column("*").from("users")
        if let role { query = query.where("role", .equal, role) }
        return try await query.orderBy("id").all(decoding: UserRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
