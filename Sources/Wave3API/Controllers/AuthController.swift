import Foundation
import Hummingbird
import Storage

/// `POST /auth/register`, `POST /auth/login`, `GET /me`.
struct AuthController {
    let users: UserRepository
    let auth: AuthService
    let maxBodySize: Int

    struct RegisterRequest: Decodable { let email: String; let password: String; let displayName: String }
    struct LoginRequest: Decodable { let email: String; let password: String }
    struct TokenResponse: ResponseEncodable { let token: String; let user: UserResponse }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/register", use: register)
        group.post("auth/login", use: login)
        group.get("me", use: me)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TokenResponse> {
        let (body, _) = try await request.decodeJSON(RegisterRequest.self, context: context, limit: maxBodySize)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        try Self.validate(email: email)
        guard (8...128).contains(body.password.unicodeScalars.count) else {
            throw APIError.unprocessable("invalid_password", "password must be 8 to 128 characters")
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
        let token = try await auth.issueToken(userId: user.id, role: .learner)
        return EditedResponse(status: .created, response: TokenResponse(token: token, user: UserResponse(user)))
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let (body, _) = try await request.decodeJSON(LoginRequest.self, context: context, limit: maxBodySize)
        let invalid = APIError(.unauthorized, "invalid_credentials", "email or password is wrong")
        guard body.password.count <= 128, body.email.count <= 254 else { throw invalid }
        guard let user = try await users.find(email: body.email.trimmingCharacters(in: .whitespaces)),
              try await auth.verify(password: body.password, hash: user.passwordHash) else { throw invalid }
        let token = try await auth.issueToken(userId: user.id, role: Identity.Role(rawValue: user.role) ?? .learner)
        return TokenResponse(token: token, user: UserResponse(user))
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let identity = try context.requireIdentity()
        guard let user = try await users.find(id: identity.userId) else {
            throw APIError(.unauthorized, "invalid_token", "the token's user no longer exists")
        }
        return UserResponse(user)
    }

    static func validate(email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: \.isWhitespace) else {
            throw APIError.unprocessable("invalid_email", "email must look like name@example.org")
        }
    }
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
