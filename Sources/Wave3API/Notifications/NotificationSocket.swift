import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// `GET /api/v1/ws?token=JWT`: authenticated at the upgrade. A request without a valid token is
/// not upgraded and reaches the router, whose `/ws` route answers 401 (426 to a valid token sent
/// without an upgrade). Browsers cannot set headers on a WebSocket, hence the query parameter.
enum NotificationSocket {
    static let path = "/api/v1/ws"
    static let maxInboundMessage = 4096

    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    static func token(fromTarget target: String) -> String? {
        URLComponents(string: target)?.queryItems?.first(where: { $0.name == "token" })?.value
    }

    static func isSocketPath(_ target: String) -> Bool {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        return path == Self.path || path == Self.path + "/"
    }

    static func shouldUpgrade(auth: AuthService, hub: SocketHub) -> @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<Handler> {
        { request, channel, _ in
            guard let target = request.path, isSocketPath(target), let token = token(fromTarget: target),
                  let identity = await auth.identity(fromToken: token) else { return .dontUpgrade }
            return .upgrade([:], handler(learnerId: identity.userId, hub: hub, channel: channel))
        }
    }

    /// How long a closing socket waits for the client's close frame (the library's close timeout).
    static let closeTimeoutSeconds: Int64 = 5

    /// The handler's task only reads (which also keeps the library's ping/pong and close handshake
    /// going); pushes leave through the socket's `SocketOutlet`, which runs a task only while it has
    /// something to send, so an idle socket holds no task of ours.
    static func handler(learnerId: String, hub: SocketHub, channel: any Channel) -> Handler {
        { inbound, outbound, _ in
            let outlet = SocketOutlet(
                capacity: hub.bufferSize,
                write: { text in try await outbound.write(.text(text)) },
                goingAway: {
                    try? await outbound.close(.goingAway, reason: "server shutting down")
                    // A client that never answers the close frame is cut off.
                    channel.eventLoop.scheduleTask(in: .seconds(closeTimeoutSeconds)) { channel.close(promise: nil) }
                })
            guard let id = hub.register(learnerId: learnerId, outlet: outlet, abort: { channel.close(promise: nil) }) else {
                try await outbound.close(.goingAway, reason: "server shutting down")
                return
            }
            var iterator = inbound.makeAsyncIterator()
            // Clients have nothing to say but pings, which the library answers itself.
            while (try? await iterator.nextMessage(maxSize: maxInboundMessage)) != nil {}
            let reason = hub.unregister(learnerId: learnerId, id: id)
            outlet.shut()
            if case .slowConsumer? = reason {
                try? await outbound.close(.policyViolation, reason: "too slow: messages were dropped")
            }
        }
    }
}
