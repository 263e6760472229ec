import NIOCore
import NIOHTTP1

/// Serves one client connection: decides, forwards each request to a replica over a pooled
/// connection on the same event loop, streams both bodies with back-pressure, retries idempotent
/// requests that failed before any response byte was sent, and answers with the JSON errors of
/// docs/api.md when it cannot. The request's life is `ProxyState`; this file handles the client's
/// events, `ProxyHandler+Attempts.swift` the replica's.
final class ProxyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let lc: LoopContext
    private(set) var context: ChannelHandlerContext?
    var state = ProxyState.idle(until: 0)
    var request = ProxyRequest()
    /// Bumped whenever an attempt's connect callback or back-off timer must no longer act.
    var generation = 0
    private var pipelined = PipelineQueue()
    private(set) var peerIP = "unknown"
    private var ipClientKey = ""
    private var pendingRead = false
    /// A request part arrived in the current read burst (see `channelReadComplete`).
    private var partInThisRead = false
    var closeAfterResponse = false
    /// How the current response's body goes to the client.
    var clientFraming = HTTPWire.Framing.raw
    /// A response head went out and its end has not: a parser error then gets no 400 of its own.
    var responseOpen = false

    init(loopContext: LoopContext) { self.lc = loopContext }

    var isIdle: Bool { state.isIdle }

    // MARK: connection lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let ip = context.channel.remoteAddress?.ipAddress { peerIP = ip }
        lc.connections[ObjectIdentifier(self)] = self
        state = .idle(until: lc.now + lc.config.idleTimeout.nanoseconds)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lc.connections[ObjectIdentifier(self)] = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client left: whatever the replica was doing proves nothing about it.
        abandonAttempt()
        state = .draining
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request that does not parse gets a 400 (as NIO's protocol error handler answered),
        // unless a response is under way; nothing else on a client connection is recoverable.
        if error is HTTPParserError, !responseOpen, !state.isUpgraded {
            responseOpen = true
            context.writeAndFlush(wrapOutboundOut(lc.bytes { $0.writeStaticString("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") }), promise: nil)
        }
        context.close(promise: nil)
    }

    /// Called by the loop's sweep every 100 ms: deadlines are plain numbers compared here, because
    /// arming and cancelling NIO timers per request cost ~7 % of the proxy's CPU in a profile and
    /// none of these timeouts needs better resolution.
    func checkDeadlines(now: Int64) {
        switch state {
        case .idle(let until), .receivingHead(let until):
            if now > until { context?.close(promise: nil) }
        case .forwarding(_, _, let clientDeadline) where now > clientDeadline:
            // The client stopped sending its body: its fault, not the replica's.
            abandonAttempt()
            answer(status: .requestTimeout, code: "request_timeout", message: "the request body stalled", close: true)
        case .awaitingResponse(let attempt, let up, _, let deadline) where now > deadline:
            attemptFailed(attempt, upstream: up, timedOut: true)
        default:
            break
        }
    }

    // MARK: inbound (client → balancer)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        partInThisRead = true
        if !pipelined.isEmpty || (request.body.ended && !state.isIdle) {
            // The next request arrived before this response finished (HTTP/1.1 pipelining):
            // hold it, and stop reading, until the response is out.
            pipelined.append(part)
            return
        }
        process(part)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        state.upstream?.flush()
        // Bytes were read but no request part came of them: a head is arriving, and the
        // slowloris clock starts at its first byte (a read with no part is the first sign of it).
        if !partInThisRead, case .idle = state {
            state = .receivingHead(until: lc.now + lc.config.headerTimeout.nanoseconds)
        }
        partInThisRead = false
        context.fireChannelReadComplete()
    }

    private func process(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            startRequest(head)
        case .body(let buffer):
            receiveBody(buffer)
        case .end:
            receiveEnd()
        }
    }

    private func replayPipelined() {
        pipelined.replayScheduled = false
        while !pipelined.isEmpty, context != nil {
            if pipelined.startsWithHead, !state.isIdle { break }
            process(pipelined.removeFirst())
        }
        if pipelined.isEmpty { resumeClientReads() }
    }

    private func startRequest(_ head: HTTPRequestHead) {
        let now = monotonicNanos()
        lc.now = now
        request.reset(head: head, keepAlive: head.isKeepAlive && !closeAfterResponse && !lc.draining)
        let facts = request.facts
        if let cl = facts.contentLength, cl > lc.config.maxBodyBytes {
            answer(status: .payloadTooLarge, code: "payload_too_large", message: "request body exceeds \(lc.config.maxBodyBytes) bytes", close: true)
            return
        }
        var peer = peerIP
        if lc.config.trustForwardedFor, let xff = facts.forwardedFor,
           let first = xff.split(separator: ",").first {
            peer = first.trimmingCharacters(in: .whitespaces)
        }
        let authorization = facts.authorization, apiKey = facts.apiKey
        if authorization == nil && apiKey == nil && !lc.config.trustForwardedFor {
            // Anonymous traffic is keyed by the connection's peer: build that string once.
            if ipClientKey.isEmpty { ipClientKey = "ip:" + peerIP }
            request.client = ipClientKey
        } else {
            request.client = lc.identifier.clientKey(authorization: authorization, apiKey: apiKey, peer: peer)
        }
        let client = request.client
        if lc.engine.flags.anomalyDetection.isOn(forClient: client) {
            lc.window[client, default: 0] += 1
            lc.windowTotal += 1
        }

        request.context = RequestContext(method: head.method.rawValue, path: head.uri, client: client, priority: .standard, now: now)
        request.context.decisionId = lc.nextDecisionId()
        let affinity = lc.engine.settings.affinity
        var affinityKey: Substring?
        switch affinity.mode {
        case .off: break
        case .cookie: affinityKey = HeaderRewriter.cookie(named: affinity.cookieName, in: head.headers)
        case .header: affinityKey = head.headers.first(name: affinity.headerName).map { Substring($0) }
        }
        request.affinityCookie = affinity.mode == .cookie ? affinityKey : nil

        switch lc.engine.decide(client: client, affinityKey: affinityKey, context: request.context) {
        case .limited(let wait):
            lc.tally.limited += 1
            let seconds = max(1, (wait + 999_999_999) / 1_000_000_000)
            answer(status: .tooManyRequests, code: "rate_limited", message: "too many requests, retry in \(seconds) s",
                   extra: [("Retry-After", String(seconds))])
        case .overloaded:
            lc.tally.overloaded += 1
            answer(status: .serviceUnavailable, code: "overloaded", message: "the service is at capacity for this priority class",
                   extra: [("Retry-After", "1")])
        case .noReplica:
            lc.tally.noReplica += 1
            answer(status: .serviceUnavailable, code: "no_upstream", message: "no healthy replica can take the request",
                   extra: [("Retry-After", "1")])
        case .route(let chosen, let priority, let setCookie):
            lc.tally.allowed += 1
            request.context.priority = priority
            request.setAffinityCookie = setCookie
            request.id = facts.requestId.flatMap { $0.utf8.count <= 128 ? $0 : nil } ?? lc.nextRequestId()
            startAttempt(on: chosen)
        }
    }

    private func receiveBody(_ buffer: ByteBuffer) {
        guard request.body.count(buffer, limit: lc.config.maxBodyBytes) else {
            switch state {
            case .connecting, .forwarding, .awaitingResponse, .retrying:
                // Too large is the client's doing: the attempt ends without a verdict on the replica.
                abandonAttempt()
                answer(status: .payloadTooLarge, code: "payload_too_large", message: "request body exceeds \(lc.config.maxBodyBytes) bytes", close: true)
            default:
                context?.close(promise: nil)
            }
            return
        }
        switch state {
        case .forwarding(let attempt, let up, _):
            sendBody(buffer, to: up)
            request.body.keep(buffer, streaming: true, retainLimit: lc.config.retainForRetryBytes)
            state = .forwarding(attempt, up, clientDeadline: lc.now + lc.config.bodyTimeout.nanoseconds)
        case .streaming(_, let up, _):
            sendBody(buffer, to: up)
            request.body.keep(buffer, streaming: true, retainLimit: lc.config.retainForRetryBytes)
        case .connecting, .retrying:
            request.body.keep(buffer, streaming: false, retainLimit: lc.config.retainForRetryBytes)
        default:
            break
        }
    }

    private func receiveEnd() {
        request.body.ended = true
        switch state {
        case .forwarding(let attempt, let up, _):
            sendEnd(to: up)
            up.flush()
            let now = monotonicNanos()
            state = .awaitingResponse(attempt, up, since: now, deadline: now + lc.config.responseTimeout.nanoseconds)
        case .streaming(_, let up, _):
            sendEnd(to: up)
            up.flush()
        case .answered:
            completeResponse()
        default:
            // Connecting or backing off: the end goes out with the rest when the attempt attaches.
            break
        }
    }

    /// Back-pressure towards the client: while the replica's socket is full (or we are still
    /// connecting with a large body buffered) stop reading from the client.
    func read(context: ChannelHandlerContext) {
        if !pipelined.isEmpty {
            pendingRead = true
            return
        }
        switch state {
        case .forwarding(_, let up, _), .awaitingResponse(_, let up, _, _), .streaming(_, let up, _):
            if let uctx = up.context, !uctx.channel.isWritable {
                pendingRead = true
                return
            }
        case .connecting, .retrying:
            if request.body.bytes > 64 * 1024 {
                pendingRead = true
                return
            }
        default:
            break
        }
        context.read()
    }

    func resumeClientReads() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { state.upstream?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    var downstreamWritable: Bool { context?.channel.isWritable ?? false }

    func closeConnection() { context?.close(promise: nil) }

    // MARK: answers

    /// Ends the exchange: keep-alive → idle (and replay what was pipelined), else close once written.
    func completeResponse(trailers: HTTPHeaders? = nil) {
        guard let context else {
            state = .draining
            return
        }
        if clientFraming == .chunked {
            writeToClient(trailers == nil ? lc.lastChunk : lc.bytes { HTTPWire.writeLastChunk(trailers: trailers, into: &$0) })
        }
        responseOpen = false
        if request.keepAlive && !closeAfterResponse && !lc.draining && request.body.ended {
            state = .idle(until: lc.now + lc.config.idleTimeout.nanoseconds)
            context.flush()
            if !pipelined.isEmpty && !pipelined.replayScheduled {
                // Next tick: this may run inside the processing of the request being finished.
                pipelined.replayScheduled = true
                lc.loop.assumeIsolated().execute { [weak self] in self?.replayPipelined() }
            }
        } else {
            state = .draining
            // An empty write completes after everything before it: then close.
            context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// The balancer's own answer (limit, shed, error), as JSON.
    func answer(status: HTTPResponseStatus, code: String, message: String, extra: [(String, String)] = [], close: Bool = false) {
        state = .answered
        guard let context else { return }
        let body = JSONError.body(code: code, message: message, allocator: context.channel.allocator)
        if close { request.keepAlive = false }
        let version = request.head.version, requestId = request.id, keepAlive = request.keepAlive
        writeToClient(lc.bytes { b in
            HTTPWire.writeStatusLine(version: version, status: status, into: &b)
            HTTPWire.writeHeader("Content-Type", "application/json", into: &b)
            b.writeStaticString("Content-Length: ")
            HTTPWire.writeDecimal(body.readableBytes, into: &b)
            b.writeStaticString("\r\n")
            if !requestId.isEmpty { HTTPWire.writeHeader("X-Request-Id", requestId, into: &b) }
            for (k, v) in extra { HTTPWire.writeHeader(k, v, into: &b) }
            if !keepAlive { b.writeStaticString("Connection: close\r\n") }
            b.writeStaticString("\r\n")
        })
        clientFraming = .raw
        responseOpen = true
        // A response to HEAD announces its body but carries none.
        if request.head.method != .HEAD { writeToClient(body) }
        if status.code >= 400 && status.code < 500 && status != .tooManyRequests {
            lc.clientErrors[request.client, default: 0] += 1
        }
        if request.body.ended || close {
            completeResponse()
        } else {
            // Discard the rest of the body, then finish (keeps the connection usable).
            context.flush()
        }
    }

    func writeToClient(_ bytes: ByteBuffer, flush: Bool = false) {
        guard let context else { return }
        if flush {
            context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
        } else {
            context.write(wrapOutboundOut(bytes), promise: nil)
        }
    }

    /// A body part of the replica's response, framed as its head told the client.
    func sendResponseBody(_ buffer: ByteBuffer) {
        guard clientFraming == .chunked else { return writeToClient(buffer) }
        guard buffer.readableBytes > 0 else { return }
        writeToClient(lc.bytes { HTTPWire.writeChunkHeader(buffer.readableBytes, into: &$0) })
        writeToClient(buffer)
        writeToClient(lc.crlf)
    }

    func flushClient() { context?.flush() }
}
