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

    /// The head sent to the replica (always HTTP/1.1: the upstream connection is keep-alive).
    static func upstreamHead(for head: HTTPRequestHead, facts: RequestHeaderFacts, peer: String, requestId: String, isUpgrade: Bool) -> HTTPRequestHead {
        // A copy of the client's head shares its storage (method, URI): only the headers are copied.
        var h = head
        if h.version != .http1_1 { h.version = .http1_1 }
        h.headers.reserveCapacity(h.headers.count + 6)
        if facts.hasHopByHop { stripHopByHop(&h.headers) }
        if isUpgrade, let protocols = facts.upgrade {
            // The one hop-by-hop pair that must reach the replica for it to agree to the upgrade.
            h.headers.add(name: "Connection", value: "Upgrade")
            h.headers.add(name: "Upgrade", value: protocols)
        }
        if let prior = facts.forwardedFor {
            h.headers.replaceOrAdd(name: "X-Forwarded-For", value: prior + ", " + peer)
        } else {
            h.headers.add(name: "X-Forwarded-For", value: peer)
        }
        if !facts.hasForwardedProto { h.headers.add(name: "X-Forwarded-Proto", value: "http") }
        if let host = facts.host, !facts.hasForwardedHost {
            h.headers.add(name: "X-Forwarded-Host", value: host)
        }
        if facts.requestId == requestId {
            // The client's own id, already in the head: nothing to replace.
        } else if facts.requestId != nil {
            h.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
        } else {
            h.headers.add(name: "X-Request-Id", value: requestId)
        }
        return h
    }

    /// How the client's connection continues after a response.
    enum ConnectionHeader { case unchanged, close, keepAlive }

    /// The head sent to the client for a replica's response.
    static func clientHead(for head: HTTPResponseHead, version: HTTPVersion, upstream: String, requestId: String,
                           setCookie: String?, connection: ConnectionHeader) -> HTTPResponseHead {
        var out = head
        if out.version != version { out.version = version }
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

    /// Idempotent by method; other methods are when the request carries an `Idempotency-Key`.
    static func isIdempotent(_ method: HTTPMethod) -> Bool {
        switch method {
        case .GET, .HEAD, .PUT, .DELETE, .OPTIONS: return true
        default: return false
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
