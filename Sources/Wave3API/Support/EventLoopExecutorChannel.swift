import HummingbirdCore
import Logging
import NIOCore

/// Serves each connection from a task that prefers the connection's own event loop
/// (`EventLoopTaskExecutor`), so a request awaiting I/O on that loop resumes without a thread
/// switch. Measured on the leaderboard route in docs/redis.md.
struct EventLoopExecutorChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(loop: value.channel.eventLoop)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}
