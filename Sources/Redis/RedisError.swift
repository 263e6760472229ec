/// Everything the client can fail with. A caller that treats Redis as optional (caches,
/// leaderboards) catches any of these as "Redis unavailable".
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An error reply (`-ERR …`, `-NOSCRIPT …`, `-WRONGTYPE …`).
    case server(String)
    /// The reply stream could not be parsed; the connection is closed.
    case protocolError(String)
    case connectionClosed
    case timeout
    /// The pool is backing off after a failed connect; retried after the delay.
    case unavailable(String)
    case invalidURL(String)
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .server(let message): "redis: \(message)"
        case .protocolError(let message): "redis protocol error: \(message)"
        case .connectionClosed: "redis connection closed"
        case .timeout: "redis command timed out"
        case .unavailable(let reason): "redis unavailable: \(reason)"
        case .invalidURL(let reason): "invalid redis URL: \(reason)"
        case .unexpectedReply(let reply): "unexpected redis reply: \(reply)"
        }
    }

    /// `NOSCRIPT`: the server lost its script cache (restart, SCRIPT FLUSH).
    var isNoScript: Bool {
        if case .server(let message) = self { return message.hasPrefix("NOSCRIPT") }
        return false
    }
}
