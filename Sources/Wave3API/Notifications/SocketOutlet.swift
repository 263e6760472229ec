import NIOCore
import NIOWebSocket
import Synchronization

/// The sending side of one WebSocket, with no task at all: a push is handed to the channel from
/// whichever thread offers it (NIO runs it on the channel's loop, in the order offered) and counted
/// until the kernel has taken it. A socket with `capacity` pushes still unwritten is dropped. A task
/// per socket, or a library connection task parked on its reads, cost kilobytes of task memory per
/// idle socket (docs/notifications.md).
final class SocketOutlet: Sendable {
    enum Offer: Sendable { case enqueued, dropped, closed }

    private enum Phase { case open, closing, closed }

    /// Sent through the pipeline to the socket's handler, on its loop, by the replica-wide heartbeat.
    struct Heartbeat: Sendable {}

    private let phase = Mutex(Phase.open)
    private let unwritten = Atomic<Int>(0)
    private let capacity: Int
    private let channel: any Channel
    private let closeTimeout: TimeAmount

    init(channel: any Channel, capacity: Int, closeTimeout: TimeAmount) {
        self.channel = channel
        self.capacity = capacity
        self.closeTimeout = closeTimeout
    }

    /// Hands the message to the channel without waiting; `.dropped` when `capacity` messages are
    /// still unwritten (the caller drops the socket: the outlet is closed from then on).
    func offer(_ text: String) -> Offer {
        let result = phase.withLock { phase -> Offer in
            guard case .open = phase else { return .closed }
            guard unwritten.load(ordering: .relaxed) < capacity else {
                phase = .closed
                return .dropped
            }
            unwritten.add(1, ordering: .relaxed)
            return .enqueued
        }
        guard case .enqueued = result else { return result }
        let frame = WebSocketFrame(fin: true, opcode: .text, data: channel.allocator.buffer(string: text))
        channel.writeAndFlush(frame).whenComplete { _ in self.unwritten.subtract(1, ordering: .relaxed) }
        return .enqueued
    }

    /// Sends the close frame of a replica that shuts down (1001) after what was offered; nothing
    /// is accepted after. A client that never answers it is cut off after the close timeout.
    func finish() {
        let send = phase.withLock { phase -> Bool in
            guard case .open = phase else { return false }
            phase = .closing
            return true
        }
        guard send else { return }
        let channel = channel
        let closeTimeout = closeTimeout
        channel.writeAndFlush(Self.closeFrame(.goingAway, reason: "server shutting down", allocator: channel.allocator)).whenComplete { _ in
            channel.eventLoop.scheduleTask(in: closeTimeout) { channel.close(promise: nil) }
        }
    }

    /// True once this side has sent its close frame (the client's close frame then ends the socket).
    var isClosing: Bool { phase.withLock { if case .closing = $0 { true } else { false } } }

    /// The socket ended: nothing more is written.
    func shut() {
        phase.withLock { $0 = .closed }
    }

    /// Asks the socket's handler to ping (or to close a socket whose last ping went unanswered).
    func heartbeat() {
        channel.pipeline.fireUserInboundEventTriggered(Heartbeat())
    }

    /// Closes the connection without writing to it.
    func abort() {
        channel.close(promise: nil)
    }

    static func closeFrame(_ code: WebSocketErrorCode, reason: String, allocator: ByteBufferAllocator) -> WebSocketFrame {
        var data = allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
