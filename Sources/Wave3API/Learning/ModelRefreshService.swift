import Logging
import ServiceLifecycle

/// Keeps a replica on the newest active model version without a restart: every `interval` it asks
/// the database for the active version id (async I/O, never blocking an event loop) and reloads
/// when it changed. Stops with the application's graceful shutdown.
struct ModelRefreshService: Service {
    let store: ModelStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await store.refresh() {
                        logger.info("learning models loaded", metadata: ["version": "\(store.current.version.map(String.init) ?? "defaults")"])
                    }
                } catch {
                    // Shutting down: the pool is closing under the poll, which is not a failure.
                    if Task.isCancelled || error is CancellationError { break }
                    // A database hiccup keeps the models already loaded; the next poll retries (quietly while the schema is not migrated).
                    logger.failure("model refresh failed", error: error)
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
