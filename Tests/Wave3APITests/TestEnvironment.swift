import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
@testable import Wave3API

/// Every storage-backed test runs on a fresh, migrated database: a temp SQLite file by default, or
/// its own schema in the PostgreSQL named by `WAVE3_TEST_DATABASE_URL` (`make test` runs both).
/// An unreachable PostgreSQL fails the test: nothing is skipped.
enum TestEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let migrations = repositoryRoot.appendingPathComponent("migrations").path
    static var postgresURL: String? { ProcessInfo.processInfo.environment["WAVE3_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static func configuration() -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.bcryptCost = 4
        configuration.jwtSecret = "test-secret-that-is-at-least-32-bytes"
        configuration.publicDirectory = repositoryRoot.appendingPathComponent("Public").path
        configuration.migrationsDirectory = migrations
        configuration.maxBodySize = 64 * 1024
        return configuration
    }

    /// Opens a fresh, migrated database, runs `body`, and closes (and on PostgreSQL drops) it.
    static func withDatabase<T>(_ body: (Database) async throws -> T) async throws -> T {
        let logger = Logger(label: "test")
        let database: Database
        var cleanup: () async throws -> Void
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(url: url, logger: logger, maxConnectionsPerEventLoop: 1)
            try await admin.sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
            database = try await Database.open(url: url, logger: logger, postgresSearchPath: [String(schema)])
            cleanup = {
                try await database.close()
                try await admin.sql.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run()
                try await admin.close()
            }
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("wave3-test-\(UUID().uuidString).sqlite").path
            database = try await Database.open(url: "sqlite://\(path)", logger: logger)
            cleanup = {
                try await database.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        do {
            try await Migrator(directory: migrations).migrate(database, logger: logger)
            let result = try await body(database)
            try await cleanup()
            return result
        } catch {
            try? await cleanup()
            throw error
        }
    }

    /// Builds the application on a fresh database and runs `body` against its router.
    static func withApp(configure: (inout AppConfiguration) -> Void = { _ in },
                        _ body: @escaping @Sendable (any TestClientProtocol, AppServices) async throws -> Void) async throws {
        var configuration = configuration()
        configure(&configuration)
        let config = configuration
        try await withDatabase { database in
            let services = await AppServices(database: database, configuration: config)
            let app = buildApplication(services, configuration: config, logger: Logger(label: "test"))
            try await app.test(.router) { client in try await body(client, services) }
        }
    }
}
