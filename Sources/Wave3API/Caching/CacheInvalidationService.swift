import Logging
import Redis
import ServiceLifecycle

/// What one replica's invalidations tell the others, on the channel
/// `{namespace}cache:v1:invalidations`: `"{cache}\n{scope}"` for a dropped scope (published by the
/// invalidation script itself, in the same step as the drop) and `"models\n{version}"` after a
/// model activation or rollback.
enum CacheEvent: Sendable, Equatable {
    case dropped(cache: String, scope: String)
    case modelsChanged
    /// The subscription was (re)established: anything published meanwhile was missed.
    case resubscribed

    init?(message: String) {
        let parts = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        self = parts[0] == "models" ? .modelsChanged : .dropped(cache: parts[0], scope: parts[1])
    }
}

/// Keeps the replica subscribed to the invalidation channel (handing each event to `handle`, which
/// drops the replica's own derived state) and retries invalidations that could not reach Redis.
struct CacheInvalidationService: Service {
    static func channel(namespace: String) -> String { namespace + "cache:v1:invalidations" }

    let client: RedisClient
    let channel: String
    let caches: [RedisSharedCache]
    let handle: @Sendable (CacheEvent) async -> Void
    var retryInterval: Duration = .milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runUntilCancelled()
        }
    }

    func runUntilCancelled() async {
        let (events, sink) = AsyncStream.makeStream(of: CacheEvent.self, bufferingPolicy: .bufferingNewest(1024))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await RedisSubscriber(client: client).run(channels: [channel], onSubscribed: { sink.yield(.resubscribed) }) { _, message in
                    if let event = CacheEvent(message: message) { sink.yield(event) }
                }
                sink.finish()
            }
            group.addTask {
                for await event in events { await handle(event) }
            }
            group.addTask { await Self.retry(caches, every: retryInterval) }
            await group.waitForAll()
        }
    }

    /// Delivers the invalidations Redis missed, until cancelled.
    static func retry(_ caches: [RedisSharedCache], every interval: Duration) async {
        while !Task.isCancelled {
            for cache in caches { await cache.flush() }
            try? await Task.sleep(for: interval)
        }
    }
}
