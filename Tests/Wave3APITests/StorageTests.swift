import Foundation
import Logging
import Testing
@testable import Storage
@testable import Wave3API

@Suite struct StorageTests {
    @Test func migrationsApplyOnceAndAreRecorded() async throws {
        try await TestEnvironment.withDatabase { database in
            let again = try await Migrator(directory: TestEnvironment.migrations).migrate(database)
            #expect(again.isEmpty, "a second run applies nothing")
            let rows = try await database.sql.select().column("version").from("schema_migrations").all()
            #expect(rows.count == (try Migrator(directory: TestEnvironment.migrations).migrations(for: database.dialect).count))
        }
    }

    @Test func migrationFileNamesAreChecked() throws {
        #expect(Migrator.split("CREATE TABLE a (x INT);\n-- comment\nCREATE TABLE b (y INT);\n") == ["CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"])
        let sqlite = try Migrator(directory: TestEnvironment.migrations).migrations(for: .sqlite)
        #expect(sqlite.first?.version == "0001")
        #expect(sqlite.map(\.version) == sqlite.map(\.version).sorted())
    }

    @Test func databaseURLs() throws {
        #expect(try DatabaseURL(parsing: "sqlite://data/wave3.sqlite") == .sqlite(path: "data/wave3.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite::memory:") == .sqliteMemory)
        #expect(try DatabaseURL(parsing: "postgres://u:p@h:5432/d") == .postgres("postgres://u:p@h:5432/d"))
        #expect(throws: DatabaseError.self) { try DatabaseURL(parsing: "mysql://x") }
    }

    @Test func failedTransactionLeavesNothing() async throws {
        try await TestEnvironment.withDatabase { database in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO subjects (id, name, description) VALUES ('s', 'S', '')").run()
                    throw Boom()
                }
            }
            let rows = try await database.sql.select().column("id").from("subjects").all()
            #expect(rows.isEmpty)
        }
    }

    @Test func demoSeedIsCompleteAndIdempotent() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            let first = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            #expect(first.subjects >= 3)
            #expect(first.lessons >= 30)
            #expect(first.quizItems >= 90)
            #expect(first.users == 7 + DemoCohort.learners, "admin, six named learners and the simulated cohort")
            #expect(first.events > 100)
            let second = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            #expect(second.lessons == 0)
            #expect(second.users == 0)
            #expect(second.events == 0)
            let edges = try await services.lessons.prerequisiteEdges()
            #expect(edges.count >= 25)
            let ada = try #require(try await services.users.find(email: "ada@wave3.dev"))
            #expect(try await services.progress.xp(userId: ada.id) > 0)
            #expect(try await services.users.find(email: DemoSeeder.adminEmail)?.role == "admin")
        }
    }
}

@Suite struct TestDatabaseSelectionTests {
    /// `make test` sets WAVE3_TEST_DATABASE_URL for the PostgreSQL pass: prove it is really used.
    @Test func runsOnTheRequestedEngine() async throws {
        try await TestEnvironment.withDatabase { database in
            #expect(database.dialect == (TestEnvironment.postgresURL == nil ? .sqlite : .postgres))
            let row = try await database.sql.raw(database.dialect == .postgres ? "SELECT version() AS v" : "SELECT sqlite_version() AS v").first()
            #expect(try row?.decode(column: "v", as: String.self).isEmpty == false)
        }
    }
}
