import Logging
import Storage

extension Wave3Commands {
    /// Opens the configured database, runs `body` on it and closes it whether `body` returns or
    /// throws: every command that works on the database goes through here, so none leaks a pool.
    static func withDatabase<T>(_ configuration: AppConfiguration, logger: Logger,
                                _ body: (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(url: configuration.databaseURL, logger: logger)
        let result: T
        do {
            result = try await body(database)
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
        return result
    }

    /// `withDatabase` plus the application's services, whose notification runtime is shut down
    /// before the database closes. `migrating` applies pending migrations first, on the same
    /// connection pool (an in-memory SQLite database exists only within one pool).
    static func withServices<T>(_ configuration: AppConfiguration, logger: Logger, migrating: Bool = false,
                                _ body: (AppServices) async throws -> T) async throws -> T {
        try await withDatabase(configuration, logger: logger) { database in
            if migrating { try await Migrator(directory: configuration.migrationsDirectory).migrate(database, logger: logger) }
            let services = await AppServices(database: database, configuration: configuration)
            let result: T
            do {
                result = try await body(services)
            } catch {
                await services.notifications.shutdown()
                throw error
            }
            await services.notifications.shutdown()
            return result
        }
    }
}
