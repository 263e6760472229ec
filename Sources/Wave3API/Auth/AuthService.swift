import Foundation
import HummingbirdBcrypt
import JWTKit
import NIOPosix

/// Password hashing and token issuing/verification.
///
/// bcrypt is deliberately slow (tens to hundreds of milliseconds), so it runs on NIO's blocking
/// thread pool and never on an event loop.
public struct AuthService: Sendable {
    let keys: JWTKeyCollection
    let bcryptCost: UInt8
    let tokenLifetime: TimeInterval

    public init(secret: String, bcryptCost: UInt8, tokenLifetime: TimeInterval) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        self.bcryptCost = bcryptCost
        self.tokenLifetime = tokenLifetime
    }

    public func hash(password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    public func issueToken(userId: String, role: Identity.Role, now: Date = Date()) async throws -> String {
        let payload = AccessTokenPayload(sub: .init(value: userId), exp: .init(value: now.addingTimeInterval(tokenLifetime)),
                                         iat: .init(value: now), role: role.rawValue)
        return try await keys.sign(payload)
    }

    /// The identity in a token, or nil when it is malformed, forged or expired.
    public func identity(fromToken token: String) async -> Identity? {
        guard let payload = try? await keys.verify(token, as: AccessTokenPayload.self),
              let role = Identity.Role(rawValue: payload.role) else { return nil }
        return Identity(userId: payload.sub.value, role: role)
    }
}
