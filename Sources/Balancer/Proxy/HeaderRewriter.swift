import NIOCore
import NIOHTTP1

/// Every header change the proxy makes, in both directions: hop-by-hop headers stripped
/// (RFC 9110 §7.6.1), `X-Forwarded-*` and `X-Request-Id` added towards the replica, `X-Upstream`,
/// `X-Request-Id`, the affinity cookie and the connection's own `Connection` header added towards
/// the client. Heads are written as bytes, the proxy's headers spliced in: no head is copied.
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
        return hopByHop.contains { HTTPWire.equalIgnoringCase($0, name) }
    }

    /// The hop-by-hop names of one head: the fixed ones and those its `Connection` header lists.
    struct HopByHop {
        private var named: [Substring] = []

        /// Allocates nothing unless `Connection` names more than `close` / `keep-alive` (a
        /// replica's `Connection: keep-alive` is on nearly every response).
        init(_ headers: HTTPHeaders) {
            for (name, value) in headers where name.utf8.count == 10 && HTTPWire.equal(name, "connection") {
                let utf8 = value.utf8
                var start = utf8.startIndex
                var i = start
                while true {
                    if i == utf8.endIndex || utf8[i] == UInt8(ascii: ",") {
                        let token = Self.trimmed(value[start..<i])
                        if !token.isEmpty && !HTTPWire.equalIgnoringCase(token, "close") && !HTTPWire.equalIgnoringCase(token, "keep-alive") {
                            named.append(token)
                        }
                        if i == utf8.endIndex { break }
                        start = utf8.index(after: i)
                    }
                    i = utf8.index(after: i)
                }
            }
        }

        private static func trimmed(_ s: Substring) -> Substring {
            let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
            guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) }) else { return s[s.endIndex...] }
            return s[first...last]
        }

        func contains(_ name: String) -> Bool {
            HeaderRewriter.isHopByHop(name) || named.contains { HTTPWire.equalIgnoringCase($0, name) }
        }
    }

    /// Writes the head sent to the replica (always HTTP/1.1: the upstream connection is
    /// keep-alive): the client's head, its hop-by-hop headers left out, the proxy's spliced in.
    static func writeUpstreamHead(for head: HTTPRequestHead, facts: RequestHeaderFacts, peer: String, requestId: String,
                                  isUpgrade: Bool, into b: inout ByteBuffer) -> HTTPWire.Framing {
        let hop = facts.hasHopByHop ? HopByHop(head.headers) : nil
        let plan = HTTPWire.plan(HTTPWire.requestHasBody(head.method), facts.framing, version: .http1_1)
        let replaceRequestId = facts.requestId != nil && facts.requestId != requestId
        HTTPWire.writeRequestLine(head, into: &b)
        for (name, value) in head.headers {
            switch name.utf8.count {
            case 14 where plan.dropContentLength && HTTPWire.equal(name, "content-length"): continue
            case 17 where plan.dropTransferEncoding && HTTPWire.equal(name, "transfer-encoding"): continue
            case 15 where facts.forwardedFor != nil && HTTPWire.equal(name, "x-forwarded-for"): continue
            case 12 where replaceRequestId && HTTPWire.equal(name, "x-request-id"): continue
            default: if let hop, hop.contains(name) { continue }
            }
            HTTPWire.writeHeader(name, value, into: &b)
        }
        if isUpgrade, let protocols = facts.upgrade {
            // The one hop-by-hop pair that must reach the replica for it to agree to the upgrade.
            HTTPWire.writeHeader("Connection", "Upgrade", into: &b)
            HTTPWire.writeHeader("Upgrade", protocols, into: &b)
        }
        if let prior = facts.forwardedFor {
            b.writeStaticString("X-Forwarded-For: ")
            b.writeString(prior)
            b.writeStaticString(", ")
            b.writeString(peer)
            b.writeStaticString("\r\n")
        } else {
            HTTPWire.writeHeader("X-Forwarded-For", peer, into: &b)
        }
        if !facts.hasForwardedProto { HTTPWire.writeHeader("X-Forwarded-Proto", "http", into: &b) }
        if let host = facts.host, !facts.hasForwardedHost { HTTPWire.writeHeader("X-Forwarded-Host", host, into: &b) }
        // The client's own id is already in the head: nothing to replace then.
        if facts.requestId != requestId { HTTPWire.writeHeader("X-Request-Id", requestId, into: &b) }
        if plan.addChunked { HTTPWire.writeHeader("transfer-encoding", "chunked", into: &b) }
        b.writeStaticString("\r\n")
        return plan.framing
    }

    /// How the client's connection continues after a response.
    enum ConnectionHeader { case unchanged, close, keepAlive }

    /// Writes the head sent to the client for a replica's response: the replica's, its
    /// hop-by-hop headers left out, the proxy's spliced in. `nil` framing: no body may follow.
    static func writeClientHead(for head: HTTPResponseHead, requestMethod: HTTPMethod, version: HTTPVersion, upstream: String,
                                requestId: String, setCookie: String?, connection: ConnectionHeader,
                                into b: inout ByteBuffer) -> HTTPWire.Framing {
        let framing = HTTPWire.FramingHeaders(head.headers)
        let hop = framing.hasHopByHop ? HopByHop(head.headers) : nil
        let bodiless = requestMethod == .HEAD || requestMethod == .CONNECT
        let plan = HTTPWire.plan(requestMethod == .CONNECT || !head.status.mayHaveResponseBody ? .no : .yes, framing, version: version)
        HTTPWire.writeStatusLine(version: version, status: head.status, into: &b)
        for (name, value) in head.headers {
            switch name.utf8.count {
            case 14 where plan.dropContentLength && HTTPWire.equal(name, "content-length"): continue
            case 17 where plan.dropTransferEncoding && HTTPWire.equal(name, "transfer-encoding"): continue
            case 10 where HTTPWire.equal(name, "x-upstream"): continue
            case 12 where HTTPWire.equal(name, "x-request-id"): continue
            default: if let hop, hop.contains(name) { continue }
            }
            HTTPWire.writeHeader(name, value, into: &b)
        }
        HTTPWire.writeHeader("X-Upstream", upstream, into: &b)
        HTTPWire.writeHeader("X-Request-Id", requestId, into: &b)
        if let setCookie { HTTPWire.writeHeader("Set-Cookie", setCookie, into: &b) }
        switch connection {
        case .unchanged: break
        case .close: HTTPWire.writeHeader("Connection", "close", into: &b)
        case .keepAlive: HTTPWire.writeHeader("Connection", "keep-alive", into: &b)
        }
        if plan.addChunked { HTTPWire.writeHeader("transfer-encoding", "chunked", into: &b) }
        b.writeStaticString("\r\n")
        return bodiless ? .raw : plan.framing
    }

    /// Writes the 101 passed to the client: the replica's handshake headers, unstripped (they are
    /// the upgrade), plus the proxy's own two.
    static func writeUpgradeHead(for head: HTTPResponseHead, version: HTTPVersion, upstream: String, requestId: String,
                                 into b: inout ByteBuffer) {
        HTTPWire.writeStatusLine(version: version, status: .switchingProtocols, into: &b)
        for (name, value) in head.headers {
            switch name.utf8.count {
            // A 101 has no body: NIO's encoder dropped framing headers from it too.
            case 14 where HTTPWire.equal(name, "content-length"): continue
            case 17 where HTTPWire.equal(name, "transfer-encoding"): continue
            case 10 where HTTPWire.equal(name, "x-upstream"): continue
            case 12 where HTTPWire.equal(name, "x-request-id"): continue
            default: break
            }
            HTTPWire.writeHeader(name, value, into: &b)
        }
        HTTPWire.writeHeader("X-Upstream", upstream, into: &b)
        HTTPWire.writeHeader("X-Request-Id", requestId, into: &b)
        b.writeStaticString("\r\n")
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
