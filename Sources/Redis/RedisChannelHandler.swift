import NIOCore

/// Commands written together with the promises of their replies, so the handler queues the
/// promises in the same order the bytes go out (RESP answers in order: pipelining for free).
struct RedisOutbound: Sendable {
    var bytes: ByteBuffer
    var promises: [EventLoopPromise<RESPValue>]
}

/// Feeds inbound bytes to hiredis's reader and completes the oldest waiting promise with each
/// whole reply. Lives on its channel's event loop only.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutbound
    typealias OutboundOut = ByteBuffer

    private let reader = RESPReader()
    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>(initialCapacity: 64)
    /// Pushed messages of a subscribed connection (no promise waits for them).
    private let onPush: (@Sendable (RESPValue) -> Void)?

    init(onPush: (@Sendable (RESPValue) -> Void)? = nil) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outbound = unwrapOutboundIn(data)
        waiting.append(contentsOf: outbound.promises)
        context.write(wrapOutboundOut(outbound.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try reader.feed(unwrapInboundIn(data))
            while let reply = try reader.next() {
                if let promise = waiting.popFirst() {
                    promise.succeed(reply)
                } else if let onPush {
                    onPush(reply)
                } else {
                    throw RedisError.protocolError("a reply nobody asked for")
                }
            }
        } catch {
            failAll(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
