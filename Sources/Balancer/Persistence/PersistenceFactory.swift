import Logging

/// Opens the reputation store for `BALANCER_DATABASE_URL`. Until the Storage module's
/// `Database.open` is available, no URL means memory only and a URL is reported unsupported.
public enum PersistenceFactory {
    public static func open(url: String?, logger: Logger) async throws -> (any ReputationStore)? {
        guard let url, !url.isEmpty else { return nil }
        logger.warning("BALANCER_DATABASE_URL set but no database driver is wired yet; keeping reputation in memory", metadata: ["url": "\(url.prefix(12))…"])
        return InMemoryReputationStore()
    }
}
