import Foundation
import Testing
@testable import Wave3API
import Storage

/// The open / run / close helper every `wave3` command goes through, and the classification of the
/// database failures that are expected (logged at debug) rather than faults.
@Suite struct CommandsTests {
    static func configuration() -> AppConfiguration {
        var configuration = TestEnvironment.configuration()
        configuration.databaseURL = "sqlite://\(FileManager.default.temporaryDirectory.path)/commands-\(UUID()).sqlite"
        return configuration
    }

    struct Boom: Error {}

    @Test func withDatabaseClosesTheDatabaseWhenTheBodyThrows() async throws {
        var opened: Database?
        do {
            try await Wave3Commands.withDatabase(Self.configuration(), logger: .init(label: "test")) { database in
                opened = database
                throw Boom()
            }
            Issue.record("the body's error is rethrown")
        } catch is Boom {}
        let database = try #require(opened)
        let error = await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT 1").run() }
        #expect(error.map(DatabaseError.isShutdown) == true, "the pool is closed: \(String(describing: error))")
    }

    @Test func withServicesMigratesOnThePoolItRunsOnAndClosesIt() async throws {
        var opened: Database?
        let count = try await Wave3Commands.withServices(Self.configuration(), logger: .init(label: "test"), migrating: true) { services in
            opened = services.database
            return try await services.database.sql.select().column("version").from("schema_migrations").all().count
        }
        #expect(count > 0)
        let database = try #require(opened)
        await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT 1").run() }
    }

    @Test func aMissingTableIsRecognisedOnEitherEngine() async throws {
        try await TestEnvironment.withDatabase { database in
            let error = await #expect(throws: (any Error).self) { try await database.sql.raw("SELECT * FROM no_such_table_here").run() }
            #expect(error.map(DatabaseError.isMissingTable) == true, "\(String(describing: error))")
            #expect(error.map(DatabaseError.isShutdown) == false)
            // A failure of another kind is not mistaken for a missing table.
            let syntax = await #expect(throws: (any Error).self) { try await database.sql.raw("SELEC 1").run() }
            #expect(syntax.map(DatabaseError.isMissingTable) == false)
        }
    }
}
