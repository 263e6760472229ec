import Logging
import DatabaseLayer

/// Opens the reputation store for `BALANCER_DATABASE_URL` (`sqlite://path`, `sqlite::memory:` or
/// `postgres://…`, as `WAVE3_DATABASE_URL`), through the database layer so both engines share one
/// set of queries. No URL: nil, and reputation lives in memory only.
public enum PersistenceFactory {
    public static func open(url: String?, logger: Logger) async throws -> (any ReputationStore)? {
        guard let url, !url.isEmpty else { return nil }
        // One connection per loop is plenty: writes are batched every couple of seconds.
        let database = try await Database.open(url: url, logger: logger, maxConnectionsPerEventLoop: 1)
        logger.info("reputation persisted", metadata: ["engine": "\(database.dialect.rawValue)"])
        return SQLReputationStore(database: database)
    }
}
