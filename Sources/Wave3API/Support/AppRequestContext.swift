import Hummingbird
import Logging

/// Per-request state: the authenticated identity, when a valid bearer token came with the request.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public var requestID: String = ""
    /// The peer's IP address ("unknown" when the transport has none, as in router tests).
    public var peerAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The authenticated user, or 401.
    public func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized }
        return identity
    }

    /// An authenticated admin, or 401/403.
    public func requireAdmin() throws -> Identity {
        let identity = try requireIdentity()
        guard identity.role == .admin else { throw APIError.forbidden }
        return identity
    }

    /// The user may read `learnerId`'s data: it is themself, or they are an admin.
    public func requireSelfOrAdmin(_ learnerId: String) throws -> Identity {
        let identity = try requireIdentity()
        guard identity.userId == learnerId || identity.role == .admin else {
            throw APIError(.forbidden, "forbidden", "you may only read your own data")
        }
        return identity
    }
}

/// Who is calling, from a verified token.
public struct Identity: Sendable, Equatable {
    public enum Role: String, Sendable, Codable { case learner, admin }
    public let userId: String
    public let role: Role
}
