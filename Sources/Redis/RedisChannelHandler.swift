import NIOCore

/// A batch of commands written together with the one promise of their replies, so the handler
/// queues batches in the same order the bytes go out (RESP answers in order: pipelining for free).
struct RedisOutbound: Sendable {
    var bytes: ByteBuffer
    var count: Int
    var promise: EventLoopPromise<[RESPValue]>
}

/// Feeds inbound bytes to hiredis's reader and completes the oldest waiting batch once it has all
/// its replies. One promise per batch, not per command, and one watchdog per connection, not a
/// timer per batch: both were most of the client's cost per pipelined command (docs/redis.md).
/// Lives on its channel's event loop only.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisOutbound
    typealias OutboundOut = ByteBuffer

    private struct Batch {
        let promise: EventLoopPromise<[RESPValue]>
        let expected: Int
        var replies: [RESPValue]
        let deadline: NIODeadline
    }

    private let reader = RESPReader()
    private var waiting = CircularBuffer<Batch>(initialCapacity: 16)
    /// Pushed messages of a subscribed connection (no batch waits for them).
    private let onPush: (@Sendable (RESPValue) -> Void)?
    private let commandTimeout: TimeAmount
    private var watchdog: RepeatedTask?

    init(commandTimeout: TimeAmount, onPush: (@Sendable (RESPValue) -> Void)? = nil) {
        self.commandTimeout = commandTimeout
        self.onPush = onPush
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A batch unanswered past its deadline closes the connection: every later reply on it
        // would be misattributed. Checked a few times per timeout, so it fires within 1.25×.
        let interval = TimeAmount.nanoseconds(max(TimeAmount.milliseconds(10).nanoseconds, commandTimeout.nanoseconds / 4))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        watchdog = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            handler.value.expireOverdue(channel: channel)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watchdog?.cancel()
        watchdog = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let outbound = unwrapOutboundIn(data)
        var replies: [RESPValue] = []
        replies.reserveCapacity(outbound.count)
        waiting.append(Batch(promise: outbound.promise, expected: outbound.count, replies: replies, deadline: .now() + commandTimeout))
        context.write(wrapOutboundOut(outbound.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try reader.feed(unwrapInboundIn(data))
            while let reply = try reader.next() {
                if waiting.isEmpty {
                    guard let onPush else { throw RedisError.protocolError("a reply nobody asked for") }
                    onPush(reply)
                    continue
                }
                waiting[waiting.startIndex].replies.append(reply)
                if waiting[waiting.startIndex].replies.count == waiting[waiting.startIndex].expected {
                    let done = waiting.removeFirst()
                    done.promise.succeed(done.replies)
                }
            }
        } catch {
            failAll(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        watchdog?.cancel()
        watchdog = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func expireOverdue(channel: any Channel) {
        guard let oldest = waiting.first, oldest.deadline < .now() else { return }
        failAll(RedisError.timeout)
        channel.close(mode: .all, promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let batch = waiting.popFirst() { batch.promise.fail(error) }
    }
}
