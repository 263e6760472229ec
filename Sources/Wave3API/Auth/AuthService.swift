import Crypto
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
    /// Tokens signed with the secret in force before a rotation stay valid until they expire
    /// (`WAVE3_JWT_PREVIOUS_SECRET`, docs/operations.md); new tokens use the current one only.
    let previousKeys: JWTKeyCollection?
    let bcryptCost: UInt8
    let tokenLifetime: TimeInterval
    let refreshLifetime: TimeInterval
    /// Verified against when the email is unknown, so an unknown email costs a login what a known
    /// one does and timing tells nothing.
    let dummyHash: String
    let verified = VerifiedTokenCache()

    /// bcrypt reads at most 72 bytes of a password: longer ones are refused at registration
    /// (docs/security.md) rather than silently truncated.
    public static let maxPasswordBytes = 72

    public init(secret: String, bcryptCost: UInt8, tokenLifetime: TimeInterval, previousSecret: String? = nil,
                refreshLifetime: TimeInterval = 30 * 86_400) async {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.keys = keys
        if let previousSecret, previousSecret != secret {
            let previous = JWTKeyCollection()
            await previous.add(hmac: HMACKey(from: previousSecret), digestAlgorithm: .sha256)
            self.previousKeys = previous
        } else {
            self.previousKeys = nil
        }
        self.bcryptCost = bcryptCost
        self.tokenLifetime = tokenLifetime
        self.refreshLifetime = refreshLifetime
        let random = (0..<4).map { _ in UInt64.random(in: .min ... .max) }.map(String.init).joined()
        self.dummyHash = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(random, cost: bcryptCost) }) ?? Bcrypt.hash(random, cost: bcryptCost)
    }

    public func hash(password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// The same work as a real verification, for an unknown account; always false.
    public func verifyDummy(password: String) async throws -> Bool {
        _ = try await verify(password: password, hash: dummyHash)
        return false
    }

    public func issueToken(userId: String, role: Identity.Role, now: Date = Date()) async throws -> String {
        let payload = AccessTokenPayload(sub: .init(value: userId), exp: .init(value: now.addingTimeInterval(tokenLifetime)),
                                         iat: .init(value: now), nbf: .init(value: now.addingTimeInterval(-Self.clockLeeway)), role: role.rawValue)
        return try await keys.sign(payload)
    }

    /// Replicas' clocks differ a little: a token is usable from slightly before its issue time.
    static let clockLeeway: TimeInterval = 5

    /// The identity in a token, or nil when it is malformed, forged, expired or not yet valid.
    public func identity(fromToken token: String) async -> Identity? {
        if let known = verified.identity(for: token) { return known }
        var payload = try? await keys.verify(token, as: AccessTokenPayload.self)
        if payload == nil, let previousKeys { payload = try? await previousKeys.verify(token, as: AccessTokenPayload.self) }
        guard let payload, let role = Identity.Role(rawValue: payload.role) else { return nil }
        let identity = Identity(userId: payload.sub.value, role: role)
        verified.store(identity, for: token, expires: payload.exp.value)
        return identity
    }

    /// A new opaque refresh token and the hash that is stored for it.
    public func newRefreshToken() -> (token: String, hash: String) {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, Self.refreshHash(token))
    }

    public static func refreshHash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}
