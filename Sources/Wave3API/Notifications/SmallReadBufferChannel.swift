import HummingbirdCore
import Logging
import NIOCore

/// Starts every connection with a 1 KiB receive buffer instead of NIO's 2 KiB. A channel keeps its
/// last receive buffer for reuse, so each idle WebSocket holds one for as long as it lives; an
/// upgrade request fits in 1 KiB, and busy HTTP connections still grow theirs (the allocator is
/// adaptive). Measured in docs/notifications.md.
struct SmallReadBufferChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    static var allocator: AdaptiveRecvByteBufferAllocator { .init(minimum: 64, initial: 1024, maximum: 65536) }

    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.allocator)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
