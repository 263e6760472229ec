import Foundation
import Hummingbird
import Logging
import Storage

/// Turns every error into the API's JSON error shape. Errors nobody anticipated become a 500 with
/// the request id so an operator can find the log line; they are bugs to fix, never a crash.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as DatabaseError {
            let apiError: APIError = switch error {
            case .notFound: .notFound("resource")
            case .conflict(let what): APIError(.conflict, "conflict", what)
            default: APIError(.internalServerError, "internal_error", "request \(context.requestID) failed")
            }
            return try apiError.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            if error.status == .notFound, let allowed = RouteTable.api.allowedMethods(for: request.uri.path),
               !allowed.contains(request.method.rawValue) {
                var notAllowed = APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(request.uri.path)")
                notAllowed.headers[.allow] = allowed.sorted().joined(separator: ", ")
                return try notAllowed.response(from: request, context: context)
            }
            let code: String = switch error.status.code {
            case 404: "not_found"
            case 405: "method_not_allowed"
            case 413: "body_too_large"
            case 400: "bad_request"
            default: "http_\(error.status.code)"
            }
            let message = error.status.code == 404 ? "no route for \(request.method) \(request.uri.path)" : error.status.reasonPhrase
            return try APIError(error.status, code, message).response(from: request, context: context)
        } catch let error where DatabaseError.isShutdown(error) {
            // The database pool is closed: this process is stopping (or lost its database), which is
            // no bug of the request. 503 is what a client or the balancer retries elsewhere.
            context.logger.debug("request during shutdown", metadata: ["error": .string(String(reflecting: error))])
            return try APIError(.serviceUnavailable, "unavailable", "request \(context.requestID) failed: the server is shutting down")
                .response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            return try APIError(.internalServerError, "internal_error", "request \(context.requestID) failed")
                .response(from: request, context: context)
        }
    }
}
