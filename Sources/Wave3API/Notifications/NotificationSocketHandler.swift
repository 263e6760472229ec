import NIOCore
import NIOWebSocket

/// One learner's WebSocket after the upgrade, as plain NIO: registers with the hub while the
/// channel is open, answers pings and the close handshake, and pings on the hub's heartbeat,
/// closing a socket that left the previous ping unanswered. Clients have nothing else to say;
/// their data frames (at most `maxFrameSize` each, the decoder's limit) are read and dropped.
final class NotificationSocketHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Liveness { case answered, awaitingPong }

    private let learnerId: String
    private let hub: SocketHub
    private let closeTimeout: TimeAmount
    private var registration: (id: UInt64, outlet: SocketOutlet)?
    private var liveness = Liveness.answered

    init(learnerId: String, hub: SocketHub, closeTimeout: TimeAmount) {
        self.learnerId = learnerId
        self.hub = hub
        self.closeTimeout = closeTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let outlet = SocketOutlet(channel: context.channel, capacity: hub.bufferSize, closeTimeout: closeTimeout)
        if let id = hub.register(learnerId: learnerId, outlet: outlet) {
            registration = (id, outlet)
        } else {
            outlet.finish()  // the replica is shutting down
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let registration {
            _ = hub.unregister(learnerId: learnerId, id: registration.id)
            registration.outlet.shut()
            self.registration = nil
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        liveness = .answered  // any frame shows the client is there
        switch frame.opcode {
        case .ping:
            guard frame.fin else { return closeWith(.protocolError, context) }
            // A client that pings but does not read would otherwise grow our unsent pongs without bound.
            guard context.channel.isWritable else { return context.close(promise: nil) }
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            if registration?.outlet.isClosing == true {
                context.close(promise: nil)  // the answer to our close frame
            } else {
                var data = frame.unmaskedData
                closeWith(data.readWebSocketErrorCode() ?? .normalClosure, context)
            }
        default:
            break
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            // The HTTP server is shutting down and waits for every connection to close: say
            // "going away" (the hub does the same on SIGTERM; whichever comes first sends it).
            registration?.outlet.finish()
            return
        }
        guard event is SocketOutlet.Heartbeat else { return context.fireUserInboundEventTriggered(event) }
        switch liveness {
        case .awaitingPong:
            context.close(promise: nil)  // silent for a whole period: dead or hung
        case .answered:
            liveness = .awaitingPong
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: context.channel.allocator.buffer(capacity: 0))), promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Sends a close frame with `code` (nothing is pushed after it), then closes the connection.
    private func closeWith(_ code: WebSocketErrorCode, _ context: ChannelHandlerContext) {
        registration?.outlet.shut()
        let close = SocketOutlet.closeFrame(code, reason: "", allocator: context.channel.allocator)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in channel.close(promise: nil) }
    }
}
