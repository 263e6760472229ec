import Hummingbird

/// Reads `Authorization: Bearer <jwt>` when present. A bad token is a 401 at once, even on
/// public routes: a client that sends credentials should learn they are wrong.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let auth: AuthService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw APIError(.unauthorized, "invalid_token", "Authorization must be 'Bearer <token>'")
        }
        guard let identity = await auth.identity(fromToken: String(header.dropFirst(7))) else {
            throw APIError(.unauthorized, "invalid_token", "the token is malformed, forged or expired")
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
