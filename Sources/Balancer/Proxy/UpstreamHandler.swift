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
    private let outlet: RequestBytesOutlet

    init(replica: Upstream, outlet: RequestBytesOutlet) {
        self.replica = replica
        self.outlet = outlet
    }

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

    /// Shows the response decoder the request its next response answers (a HEAD's has no body);
    /// the outlet stops it there, the request itself goes as bytes.
    func announce(_ head: HTTPRequestHead) {
        context?.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    /// Request bytes, past the decoder, straight to the socket.
    func write(_ bytes: ByteBuffer) {
        outlet.context?.write(NIOAny(bytes), promise: nil)
    }

    func flush() { outlet.context?.flush() }
}

/// First handler of an upstream connection. The proxy writes the request as bytes through its
/// context, past the response decoder (an outbound handler that only takes HTTP parts); the heads
/// shown to that decoder end here.
final class RequestBytesOutlet: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    private(set) var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        promise?.succeed(())
    }
}
