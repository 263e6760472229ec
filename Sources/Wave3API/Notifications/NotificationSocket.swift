import Foundation

/// `GET /api/v1/ws?token=JWT`: authenticated at the upgrade (`NotificationServerChannel`). An
/// upgrade request without a valid token is answered 401; a plain GET reaches the router, whose
/// `/ws` route answers 401 (426 to a valid token sent without an upgrade). Browsers cannot set
/// headers on a WebSocket, hence the query parameter.
enum NotificationSocket {
    static let path = "/api/v1/ws"
    static let maxInboundMessage = 4096

    static func token(fromTarget target: String) -> String? {
        URLComponents(string: target)?.queryItems?.first(where: { $0.name == "token" })?.value
    }

    static func isSocketPath(_ target: String) -> Bool {
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        return path == Self.path || path == Self.path + "/"
    }

    /// How long a closing socket waits for the client's close frame.
    static let closeTimeoutSeconds: Int64 = 5
}
