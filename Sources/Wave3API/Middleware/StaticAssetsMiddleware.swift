import HTTPTypes
import Hummingbird

/// Serves the PWA from memory (docs/pwa.md, "Serving"):
/// - `/assets/<version>/<path>`: the file at `<path>`, cached for a year (`immutable`) when
///   `<version>` is the current one; an older version gets today's file with `no-cache`, so a page
///   from before a deploy still loads.
/// - `/service-worker.js` and every other file: `no-cache` with an ETag, so browsers revalidate
///   (a 304 costs one round trip) and a new service worker is found at once.
/// - gzip when the client accepts it (`Vary: Accept-Encoding`), `If-None-Match` → 304, and a
///   Content-Security-Policy that allows scripts from this origin only (no inline script).
/// Anything else, `/api/…` first of all, goes on to the router untouched.
struct StaticAssetsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let assets: StaticAssets

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self' ws: wss:", "manifest-src 'self'", "worker-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
    static let immutable = "public, max-age=31536000, immutable"
    static let revalidate = "no-cache"
    static let csp = HTTPField.Name("Content-Security-Policy")!
    static let nosniff = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get, !path.hasPrefix("/api/"), let (asset, cacheControl) = lookup(path) else {
            return try await next(request, context)
        }
        return Self.respond(asset, cacheControl: cacheControl, request: request)
    }

    func lookup(_ path: String) -> (StaticAssets.Asset, String)? {
        if path == "/" || path.isEmpty { return assets["index.html"].map { ($0, Self.revalidate) } }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.first == "assets", parts.count >= 3 {
            let version = parts[parts.startIndex + 1]
            let file = parts.dropFirst(2).joined(separator: "/")
            guard let asset = assets[file] else { return nil }
            return (asset, version == assets.version ? Self.immutable : Self.revalidate)
        }
        return assets[parts.joined(separator: "/")].map { ($0, Self.revalidate) }
    }

    static func respond(_ asset: StaticAssets.Asset, cacheControl: String, request: Request) -> Response {
        let gzip = asset.gzipped != nil && acceptsGzip(request.headers[values: .acceptEncoding])
        // The gzip copy is another representation, so it has its own validator (RFC 9110 §8.8.3).
        let etag = gzip ? String(asset.etag.dropLast()) + "-gz\"" : asset.etag
        var headers: HTTPFields = [
            .contentType: asset.contentType, .cacheControl: cacheControl, .eTag: etag,
            csp: contentSecurityPolicy, nosniff: "nosniff", referrerPolicy: "no-referrer",
        ]
        if asset.gzipped != nil { headers[.vary] = "Accept-Encoding" }
        if let match = request.headers[values: .ifNoneMatch].first, matches(match, etag: etag) {
            return Response(status: .notModified, headers: headers)
        }
        let body = gzip ? asset.gzipped! : asset.body
        if gzip { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// `If-None-Match: *`, or a list of (possibly weak) tags one of which is ours.
    static func matches(_ header: String, etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let tag = item.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    /// `gzip` (or `*`) listed without `q=0`.
    static func acceptsGzip(_ values: [String]) -> Bool {
        for value in values {
            for item in value.split(separator: ",") {
                let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let name = fields.first, name == "gzip" || name == "*" else { continue }
                let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                if q > 0 { return true }
            }
        }
        return false
    }
}
