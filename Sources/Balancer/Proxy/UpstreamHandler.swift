import NIOCore
import NIOHTTP1

/// The proxy side that an upstream connection reports to while it serves a request.
protocol UpstreamDelegate: AnyObject {
    func upstreamReceived(_ part: HTTPClientResponsePart)
    func upstreamReadComplete()
    func upstreamClosed()
    func upstreamWritabilityChanged(_ writable: Bool)
    var downstreamWritable: Bool { get }
}

/// Last handler of a pooled upstream connection. Between requests it has no delegate: anything
/// the replica sends then is a protocol violation and the connection is dropped.
final class UpstreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    weak var delegate: (any UpstreamDelegate)?
    let replica: Upstream
    private(set) var context: ChannelHandlerContext?
    private var pendingRead = false
    /// Set while the connection waits idle in a pool, to leave it if the replica closes it.
    weak var idlePool: UpstreamConnectionPool?

    init(replica: Upstream) { self.replica = replica }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard let delegate else {
            context.close(promise: nil)
            return
        }
        delegate.upstreamReceived(part)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        delegate?.upstreamReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let d = delegate
        delegate = nil
        if let pool = idlePool {
            idlePool = nil
            pool.remove(self)
        }
        d?.upstreamClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        delegate?.upstreamWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    /// Back-pressure: stop reading the replica while the client cannot take more bytes.
    func read(context: ChannelHandlerContext) {
        if let delegate, !delegate.downstreamWritable {
            pendingRead = true
            return
        }
        context.read()
    }

    func resumeReading() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    func write(_ part: HTTPClientRequestPart, flush: Bool) {
        guard let context else { return }
        if flush {
            context.writeAndFlush(wrapOutboundOut(part), promise: nil)
        } else {
            context.write(wrapOutboundOut(part), promise: nil)
        }
    }

    func flush() { context?.flush() }
}
