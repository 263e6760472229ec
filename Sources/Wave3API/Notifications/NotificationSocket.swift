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

    /// One reader (which also keeps the library's ping/pong going) and one writer draining the
    /// socket's bounded buffer; whichever ends first ends the other.
    static func handler(learnerId: String, hub: SocketHub, channel: any Channel) -> Handler {
        { inbound, outbound, _ in
            guard let (id, stream) = hub.register(learnerId: learnerId, abort: { channel.close(promise: nil) }) else {
                try await outbound.close(.goingAway, reason: "server shutting down")
                return
            }
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    var iterator = inbound.makeAsyncIterator()
                    // Clients have nothing to say but pings, which the library answers itself.
                    while (try? await iterator.nextMessage(maxSize: maxInboundMessage)) != nil {}
                }
                group.addTask {
                    for await text in stream {
                        do { try await outbound.write(.text(text)) } catch { break }
                    }
                    switch hub.unregister(learnerId: learnerId, id: id) {
                    case .slowConsumer?: try? await outbound.close(.policyViolation, reason: "too slow: messages were dropped")
                    case .shutdown?: try? await outbound.close(.goingAway, reason: "server shutting down")
                    case nil: break
                    }
                }
                await group.next()
                group.cancelAll()
            }
            _ = hub.unregister(learnerId: learnerId, id: id)
        }
    }
}
