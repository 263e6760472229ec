import Hummingbird

/// Answers `HEAD` like `GET` without the body. Hummingbird's router matches methods literally (and
/// before any router middleware runs), while uptime probes, caches and `curl -I` expect HEAD
/// wherever GET works (RFC 9110 §9.3.2), so the rewrite wraps the whole router.
struct HeadResponder<Inner: HTTPResponder>: HTTPResponder {
    typealias Context = Inner.Context
    let inner: Inner

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        // HEAD announces the length GET would send; the server writes no body for it.
        let length = response.headers[.contentLength]
        response.body = ResponseBody()
        response.headers[.contentLength] = length
        return response
    }
}
