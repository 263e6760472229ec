import DatabaseLayer
import NIOConcurrencyHelpers
import SQLKit
import Storage

/// Display names of the learners on a page, cached briefly so a busy board does not read the
/// users table on every request. A renamed learner shows the new name within `ttl`.
final class DisplayNames: Sendable {
    let database: Database
    let ttlMillis: Int64 = 60_000
    let capacity = 50_000
    private let cache = NIOLockedValueBox<[String: (name: String, expires: Int64)]>([:])

    init(database: Database) {
        self.database = database
    }

    func names(_ ids: Set<String>) async throws -> [String: String] {
        let now = Timestamp.nowMillis()
        var found: [String: String] = [:]
        var missing: [String] = []
        cache.withLockedValue { cache in
            for id in ids {
                if let hit = cache[id], hit.expires > now { found[id] = hit.name } else { missing.append(id) }
            }
        }
        guard !missing.isEmpty else { return found }
        let rows = try await database.sql.select().columns("id", "display_name").from("users").where("id", .in, missing).all()
        var loaded: [String: String] = [:]
        for row in rows { loaded[try row.decode(column: "id", as: String.self)] = try row.decode(column: "display_name", as: String.self) }
        cache.withLockedValue { cache in
            if cache.count + loaded.count > capacity { cache.removeAll(keepingCapacity: true) }
            for (id, name) in loaded { cache[id] = (name, now + ttlMillis) }
        }
        return found.merging(loaded) { $1 }
    }
}
