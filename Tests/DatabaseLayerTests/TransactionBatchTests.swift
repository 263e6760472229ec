import DatabaseLayer
import Foundation
import SQLKit
import Testing

/// `Database.transaction` under concurrency: on SQLite concurrent transactions are batched into
/// one commit (`WriteBatcher`), on PostgreSQL each has its own; either way each is all-or-nothing
/// and answers only once its writes are durable and visible.
@Suite struct TransactionBatchTests {
    struct Refused: Error {}

    @Test func concurrentTransactionsAreEachAllOrNothingAndAnsweredAfterTheirCommit() async throws {
        try await FreshDatabase.with(handles: 1) { handles in
            let database = handles[0]
            try await database.sql.raw("CREATE TABLE batch_t (id TEXT PRIMARY KEY, request INTEGER NOT NULL)").run()
            try await database.sql.raw("INSERT INTO batch_t (id, request) VALUES ('taken', -1)").run()
            // 0 mod 4: stores two rows, then throws; 1 mod 4: its second row hits the primary key
            // (a failing statement); the rest store two rows and succeed.
            let outcomes = await withTaskGroup(of: (Int, Bool, Bool).self) { group in
                for request in 0..<60 {
                    group.addTask {
                        do {
                            try await database.transaction { sql in
                                try await sql.raw("INSERT INTO batch_t (id, request) VALUES (\(bind: "a\(request)"), \(bind: request))").run()
                                let second = request % 4 == 1 ? "taken" : "b\(request)"
                                try await sql.raw("INSERT INTO batch_t (id, request) VALUES (\(bind: second), \(bind: request))").run()
                                if request % 4 == 0 { throw Refused() }
                            }
                            // Answered: both rows must already be visible to any other reader.
                            let rows = try await database.sql.raw("SELECT COUNT(*) AS n FROM batch_t WHERE request = \(bind: request)").first()
                            return (request, true, try rows?.decode(column: "n", as: Int.self) == 2)
                        } catch {
                            return (request, false, false)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (request, succeeded, visible) in outcomes {
                #expect(succeeded == (request % 4 >= 2), "request \(request)")
                if succeeded { #expect(visible, "request \(request) answered before its rows were visible") }
            }
            let stored = try await database.sql.raw("SELECT request, COUNT(*) AS n FROM batch_t WHERE request >= 0 GROUP BY request").all()
            let counts = Dictionary(uniqueKeysWithValues: try stored.map { (try $0.decode(column: "request", as: Int.self), try $0.decode(column: "n", as: Int.self)) })
            #expect(counts == Dictionary(uniqueKeysWithValues: (0..<60).filter { $0 % 4 >= 2 }.map { ($0, 2) }))
        }
    }
}
