import NIOHTTP1

/// The request headers the proxy reads, found in one pass over the head instead of one scan per
/// name (a dozen scans per request before). First occurrence wins, as with `HTTPHeaders.first(name:)`.
struct RequestHeaderFacts {
    var contentLength: Int?
    var forwardedFor: String?
    var authorization: String?
    var apiKey: String?
    var requestId: String?
    var host: String?
    var upgrade: String?
    /// `Connection` lists the `upgrade` token.
    var connectionUpgrade = false
    var hasForwardedProto = false
    var hasForwardedHost = false
    var hasIdempotencyKey = false
    /// Some hop-by-hop header is present, so the head needs stripping.
    var hasHopByHop = false
    /// `Content-Length` and `Transfer-Encoding`, for the framing of the head sent on.
    var framing = HTTPWire.FramingHeaders()

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            let utf8 = name.utf8
            switch utf8.count {
            case 2:
                if Self.equal(utf8, "te") { hasHopByHop = true }
            case 4:
                if host == nil, Self.equal(utf8, "host") { host = value }
            case 7:
                if Self.equal(utf8, "upgrade") {
                    hasHopByHop = true
                    if upgrade == nil { upgrade = value }
                } else if Self.equal(utf8, "trailer") {
                    hasHopByHop = true
                }
            case 9:
                if apiKey == nil, Self.equal(utf8, "x-api-key") { apiKey = value }
            case 10:
                if Self.equal(utf8, "connection") {
                    hasHopByHop = true
                    if value.utf8.count >= 7, value.split(separator: ",").contains(where: { Self.isUpgradeToken($0) }) {
                        connectionUpgrade = true
                    }
                } else if Self.equal(utf8, "keep-alive") {
                    hasHopByHop = true
                }
            case 12:
                if requestId == nil, Self.equal(utf8, "x-request-id") { requestId = value }
            case 13:
                if authorization == nil, Self.equal(utf8, "authorization") { authorization = value }
            case 14:
                if Self.equal(utf8, "content-length") {
                    if contentLength == nil { contentLength = Int(value) }
                    framing.hasContentLength = true
                }
            case 15:
                if forwardedFor == nil, Self.equal(utf8, "x-forwarded-for") {
                    forwardedFor = value
                } else if Self.equal(utf8, "idempotency-key") {
                    hasIdempotencyKey = true
                }
            case 16:
                if Self.equal(utf8, "x-forwarded-host") { hasForwardedHost = true } else if Self.equal(utf8, "proxy-connection") { hasHopByHop = true }
            case 17:
                if Self.equal(utf8, "x-forwarded-proto") {
                    hasForwardedProto = true
                } else if Self.equal(utf8, "transfer-encoding") {
                    framing.see(transferEncoding: value)
                }
            case 18, 19:
                if Self.equal(utf8, "proxy-authenticate") || Self.equal(utf8, "proxy-authorization") { hasHopByHop = true }
            default:
                break
            }
        }
    }

    /// ASCII case-insensitive equality with a lowercase literal (header names are tokens).
    @inline(__always)
    private static func equal(_ name: String.UTF8View, _ lower: StaticString) -> Bool {
        guard name.count == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { target in
            var i = 0
            for byte in name {
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if folded != target[i] { return false }
                i += 1
            }
            return true
        }
    }

    private static func isUpgradeToken(_ token: Substring) -> Bool {
        let trimmed = token.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" })
        return trimmed.count == 7 && String(trimmed.reversed()).lowercased() == "upgrade"
    }
}
