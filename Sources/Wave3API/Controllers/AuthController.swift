import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// `POST /auth/register`, `/auth/login`, `/auth/refresh`, `/auth/logout`, `GET /me`.
struct AuthController {
    let users: UserRepository
    let auth: AuthService
    let maxBodySize: Int
    let refreshTokens: RefreshTokenRepository
    let throttle: LoginThrottle
    let trustForwardedFor: Bool

    struct RegisterRequest: Decodable { let email: String; let password: String; let displayName: String }
    struct LoginRequest: Decodable { let email: String; let password: String }
    struct RefreshRequest: Decodable { let refreshToken: String }
    struct LogoutRequest: Decodable { let refreshToken: String? }
    struct TokenResponse: ResponseEncodable {
        let token: String
        let refreshToken: String
        /// Seconds until `token` expires.
        let expiresIn: Int
        let user: UserResponse
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        group.post("auth/refresh", use: refresh)
        group.post("auth/logout", use: logout)
        group.get("me", use: me)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TokenResponse> {
        let (body, _) = try await request.decodeJSON(RegisterRequest.self, context: context, limit: maxBodySize)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        try Self.validate(email: email)
        guard body.password.unicodeScalars.count >= 8 else {
            throw APIError.unprocessable("invalid_password", "password must be at least 8 characters")
        }
        guard body.password.utf8.count <= AuthService.maxPasswordBytes else {
            throw APIError.unprocessable("password_too_long", "password must be at most \(AuthService.maxPasswordBytes) bytes in UTF-8 (bcrypt reads no more)")
        }
        let name = body.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(name.count) else {
            throw APIError.unprocessable("invalid_display_name", "displayName must be 1 to 80 characters")
        }
        let hash = try await auth.hash(password: body.password)
        let user: UserRecord
        do {
            user = try await users.create(email: email, passwordHash: hash, displayName: name, role: Identity.Role.learner.rawValue)
        } catch DatabaseError.conflict {
            throw APIError(.conflict, "email_taken", "an account with this email already exists")
        }
        return EditedResponse(status: .created, response: try await session(for: user, familyId: nil))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let (body, _) = try await request.decodeJSON(LoginRequest.self, context: context, limit: maxBodySize)
        let invalid = APIError(.unauthorized, "invalid_credentials", "email or password is wrong")
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        // Accounts created before the 72-byte rule may have longer passwords (bcrypt read their
        // first 72 bytes): logins still verify up to 128 characters so nobody is locked out.
        guard body.password.count <= 128, email.count <= 254 else { throw invalid }
        let ip = clientIP(request, context: context)
        let now = Timestamp.nowMillis()
        let wait = try await throttle.wait(email: email, ip: ip, now: now)
        if wait > 0 {
            var error = APIError(.tooManyRequests, "too_many_login_attempts", "too many failed logins: try again in \((wait + 999) / 1000) s")
            error.headers[.retryAfter] = String((wait + 999) / 1000)
            throw error
        }
        let user = try await users.find(email: email)
        let valid = if let user { try await auth.verify(password: body.password, hash: user.passwordHash) } else { try await auth.verifyDummy(password: body.password) }
        guard let user, valid else {
            try await throttle.failed(email: email, ip: ip, now: now)
            throw invalid
        }
        try await throttle.succeeded(email: email, ip: ip)
        return try await session(for: user, familyId: nil)
    }

    /// Trades a refresh token for a new access token and a new refresh token (the old one is spent).
    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let (body, _) = try await request.decodeJSON(RefreshRequest.self, context: context, limit: maxBodySize)
        let invalid = APIError(.unauthorized, "invalid_refresh_token", "the refresh token is unknown, expired or revoked: sign in again")
        guard (1...256).contains(body.refreshToken.count) else { throw invalid }
        let next = auth.newRefreshToken()
        let now = Timestamp.nowMillis()
        let rotation = try await refreshTokens.rotate(oldHash: AuthService.refreshHash(body.refreshToken), newHash: next.hash, now: now,
                                                      expiresAt: now + Int64(auth.refreshLifetime * 1000))
        switch rotation {
        case .rotated(let userId, _):
            // The role comes from the database, not the old token: a demotion applies here.
            guard let user = try await users.find(id: userId) else { throw invalid }
            let role = Identity.Role(rawValue: user.role) ?? .learner
            return TokenResponse(token: try await auth.issueToken(userId: user.id, role: role), refreshToken: next.token,
                                 expiresIn: Int(auth.tokenLifetime), user: UserResponse(user))
        case .reused:
            throw APIError(.unauthorized, "refresh_token_reused", "this refresh token was already used: the session is revoked, sign in again")
        case .invalid:
            throw invalid
        }
    }

    /// Revokes the session of the given refresh token, or every session of the caller without one.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodySize)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "request body exceeds \(maxBodySize) bytes")
        }
        var token: String?
        if buffer.readableBytes > 0 {
            guard let body = try? JSONDecoder().decode(LogoutRequest.self, from: buffer) else {
                throw APIError.badRequest("invalid_body", "send {\"refreshToken\": \"…\"} or no body")
            }
            token = body.refreshToken
        }
        if let token {
            _ = try await refreshTokens.revokeFamily(ofToken: AuthService.refreshHash(token), userId: identity.userId, now: Timestamp.nowMillis())
        } else {
            try await refreshTokens.revokeAll(userId: identity.userId, now: Timestamp.nowMillis())
        }
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let identity = try context.requireIdentity()
        guard let user = try await users.find(id: identity.userId) else {
            throw APIError(.unauthorized, "invalid_token", "the token's user no longer exists")
        }
        return UserResponse(user)
    }

    private func session(for user: UserRecord, familyId: String?) async throws -> TokenResponse {
        let role = Identity.Role(rawValue: user.role) ?? .learner
        let refresh = auth.newRefreshToken()
        let now = Timestamp.nowMillis()
        try await refreshTokens.create(tokenHash: refresh.hash, familyId: familyId ?? UUID().uuidString.lowercased(), userId: user.id,
                                       now: now, expiresAt: now + Int64(auth.refreshLifetime * 1000))
        return TokenResponse(token: try await auth.issueToken(userId: user.id, role: role), refreshToken: refresh.token,
                             expiresIn: Int(auth.tokenLifetime), user: UserResponse(user))
    }

    /// The peer, or behind the balancer the address it appended last to `X-Forwarded-For`.
    func clientIP(_ request: Request, context: AppRequestContext) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty, last.count <= 64 {
            return last
        }
        return context.peerAddress
    }

    static func validate(email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace) else {
            throw APIError.unprocessable("invalid_email", "email must look like name@example.org")
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}

struct UserResponse: ResponseEncodable, Equatable {
    let id: String
    let email: String
    let displayName: String
    let role: String

    init(_ user: UserRecord) {
        id = user.id
        email = user.email
        displayName = user.displayName
        role = user.role
    }
}
