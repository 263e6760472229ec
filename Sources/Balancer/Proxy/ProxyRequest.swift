import NIOCore
import NIOHTTP1

/// What the proxy knows of the request it is serving, from its head to the end of its response.
/// Reset in place for each request of a connection, so its buffers are reused.
struct ProxyRequest {
    var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
    var facts = RequestHeaderFacts(HTTPHeaders())
    /// How the body goes to the replica (the client's chunked body is chunked again).
    var upstreamFraming = HTTPWire.Framing.raw
    var context = RequestContext(now: 0)
    var id = ""
    var client = ""
    var body = RequestBody()
    /// The client wants the connection kept after this response.
    var keepAlive = true
    var idempotent = false
    var setAffinityCookie = false
    /// The affinity cookie the client sent, to re-issue it when the request lands elsewhere.
    var affinityCookie: Substring?
    /// `Connection: Upgrade` (WebSocket): forwarded on a dedicated connection and, on a 101,
    /// turned into a byte tunnel.
    var isUpgrade = false
    /// Replicas tried so far, in order: a retry goes elsewhere.
    var tried: [Int] = []
    /// The current attempt's bytes may have reached its replica: only then does a
    /// non-idempotent request become unsafe to retry.
    var sent = false
    var responseStarted = false

    mutating func reset(head: HTTPRequestHead, keepAlive: Bool) {
        self.head = head
        facts = RequestHeaderFacts(head.headers)
        id = ""
        body.reset()
        tried.removeAll(keepingCapacity: true)
        responseStarted = false
        sent = false
        self.keepAlive = keepAlive
        idempotent = HeaderRewriter.isIdempotent(head.method) || facts.hasIdempotencyKey
        isUpgrade = facts.upgrade != nil && facts.connectionUpgrade
        setAffinityCookie = false
        affinityCookie = nil
    }
}

/// The request body as the proxy holds it: kept (up to a bound) so the request can be retried on
/// another replica, or streamed through and given up on for retries.
struct RequestBody {
    private(set) var parts: [ByteBuffer] = []
    private(set) var bytes = 0
    private(set) var retained = true
    var ended = false

    mutating func reset() {
        parts.removeAll(keepingCapacity: true)
        bytes = 0
        retained = true
        ended = false
    }

    /// Counts `buffer`; false when the body is now over `limit`.
    mutating func count(_ buffer: ByteBuffer, limit: Int) -> Bool {
        bytes += buffer.readableBytes
        return bytes <= limit
    }

    /// Keeps `buffer` for a later attempt, unless the body outgrew `retainLimit` while an
    /// attempt is streaming it (then it is dropped for good).
    mutating func keep(_ buffer: ByteBuffer, streaming: Bool, retainLimit: Int) {
        if retained && streaming && bytes > retainLimit {
            retained = false
            parts.removeAll()
        }
        if retained || !streaming { parts.append(buffer) }
    }

    /// Called once everything kept has been written to an attempt.
    mutating func sentToAttempt() {
        if !retained { parts.removeAll() }
    }
}
