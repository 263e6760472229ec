import NIOHTTP1

/// Every header change the proxy makes, in both directions: hop-by-hop headers stripped
/// (RFC 9110 §7.6.1), `X-Forwarded-*` and `X-Request-Id` added towards the replica, `X-Upstream`,
/// `X-Request-Id`, the affinity cookie and the connection's own `Connection` header added towards
/// the client. Each head is copied once, with room for what is added.
enum HeaderRewriter {
    private static let hopByHop: [String] = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate",
                                             "proxy-authorization", "te", "trailer", "upgrade"]

    static func stripHopByHop(_ headers: inout HTTPHeaders) {
        // Most messages carry none: one pass over the names, by length first, keeps that cheap.
        guard headers.contains(where: { isHopByHop($0.name) }) else { return }
        // Headers named in Connection are hop-by-hop too.
        for value in headers[canonicalForm: "connection"] where !["close", "keep-alive"].contains(value.lowercased()) {
            headers.remove(name: String(value))
        }
        for name in hopByHop where headers.contains(name: name) { headers.remove(name: name) }
    }

    @inline(__always)
    static func isHopByHop(_ name: String) -> Bool {
        let n = name.utf8.count
        guard n == 2 || n == 7 || n == 10 || n >= 16 && n <= 19 else { return false }
        return hopByHop.contains(name.lowercased())
    }

    /// `Connection: Upgrade` with an `Upgrade` header (a WebSocket handshake).
    static func isUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers.contains(name: "upgrade")
            && head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "upgrade" })
    }

    /// The head sent to the replica (always HTTP/1.1: the upstream connection is keep-alive).
    static func upstreamHead(for head: HTTPRequestHead, peer: String, requestId: String, isUpgrade: Bool) -> HTTPRequestHead {
        var h = HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: head.headers)
        h.headers.reserveCapacity(h.headers.count + 6)
        stripHopByHop(&h.headers)
        if isUpgrade, let protocols = head.headers.first(name: "upgrade") {
            // The one hop-by-hop pair that must reach the replica for it to agree to the upgrade.
            h.headers.add(name: "Connection", value: "Upgrade")
            h.headers.add(name: "Upgrade", value: protocols)
        }
        if let prior = head.headers.first(name: "x-forwarded-for") {
            h.headers.replaceOrAdd(name: "X-Forwarded-For", value: prior + ", " + peer)
        } else {
            h.headers.add(name: "X-Forwarded-For", value: peer)
        }
        if !h.headers.contains(name: "x-forwarded-proto") { h.headers.add(name: "X-Forwarded-Proto", value: "http") }
        if let host = head.headers.first(name: "host"), !h.headers.contains(name: "x-forwarded-host") {
            h.headers.add(name: "X-Forwarded-Host", value: host)
        }
        h.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
        return h
    }

    /// How the client's connection continues after a response.
    enum ConnectionHeader { case unchanged, close, keepAlive }

    /// The head sent to the client for a replica's response.
    static func clientHead(for head: HTTPResponseHead, version: HTTPVersion, upstream: String, requestId: String,
                           setCookie: String?, connection: ConnectionHeader) -> HTTPResponseHead {
        var out = HTTPResponseHead(version: version, status: head.status, headers: head.headers)
        out.headers.reserveCapacity(out.headers.count + 4)
        stripHopByHop(&out.headers)
        out.headers.replaceOrAdd(name: "X-Upstream", value: upstream)
        out.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
        if let setCookie { out.headers.add(name: "Set-Cookie", value: setCookie) }
        switch connection {
        case .unchanged: break
        case .close: out.headers.replaceOrAdd(name: "Connection", value: "close")
        case .keepAlive: out.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        return out
    }

    /// The 101 passed to the client: the replica's handshake headers, unstripped (they are the
    /// upgrade), plus the proxy's own two.
    static func upgradeHead(for head: HTTPResponseHead, version: HTTPVersion, upstream: String, requestId: String) -> HTTPResponseHead {
        var out = HTTPResponseHead(version: version, status: .switchingProtocols, headers: head.headers)
        out.headers.replaceOrAdd(name: "X-Upstream", value: upstream)
        out.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
        return out
    }

    static func isIdempotent(_ head: HTTPRequestHead) -> Bool {
        switch head.method {
        case .GET, .HEAD, .PUT, .DELETE, .OPTIONS: return true
        default: return head.headers.contains(name: "idempotency-key")
        }
    }

    static func cookie(named name: String, in headers: HTTPHeaders) -> Substring? {
        for line in headers[canonicalForm: "cookie"] {
            for pair in line.split(separator: ";") {
                let p = pair.drop(while: { $0 == " " })
                if p.hasPrefix(name), p.dropFirst(name.count).first == "=" {
                    return p.dropFirst(name.count + 1)
                }
            }
        }
        return nil
    }
}
