import NIOCore
import NIOHTTP1

/// Serves one client connection: decides, forwards each request to a replica over a pooled
/// connection on the same event loop, streams both bodies with back-pressure, retries idempotent
/// requests that failed before any response byte was sent, and answers with the JSON errors of
/// API.md when it cannot.
final class ProxyHandler: ChannelDuplexHandler, RemovableChannelHandler, UpstreamDelegate {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        case idle
        /// A request is being proxied (connecting, sending, or receiving).
        case proxying
        /// We answered ourselves (limit, error); the rest of the request body is discarded.
        case answered
        /// The replica answered 101; the tunnel is set up on the next loop tick.
        case upgrading
    }

    private let lc: LoopContext
    private(set) var context: ChannelHandlerContext?
    private var phase = Phase.idle
    private var peerIP = "unknown"
    private var ipClientKey = ""

    // The request in flight.
    private var requestHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
    private var upstreamHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
    private var requestContext = RequestContext(now: 0)
    private var requestId = ""
    private var client = ""
    private var bodyParts: [ByteBuffer] = []
    private var bodyBytes = 0
    private var bodyRetained = true
    private var requestEnded = false
    private var clientKeepAlive = true
    private var idempotent = false
    private var setAffinityCookie = false
    /// The affinity cookie the client sent, to re-issue it when the request lands elsewhere.
    private var affinityCookie: Substring?
    /// `Connection: Upgrade` request (WebSocket): forwarded on a dedicated connection and, on a
    /// 101 answer, turned into a byte tunnel.
    private var isUpgrade = false
    /// The current attempt's request bytes may have reached the replica: only then does a
    /// non-idempotent request become unsafe to retry.
    private var requestSent = false

    // The attempt in flight.
    private var upstream: UpstreamHandler?
    private var replica = -1
    private var tried: [Int] = []
    private var attempt = 0
    private var attemptStart: Int64 = 0
    private var features = ReplicaFeatures(inflight: 0, latencyEstimateNanos: 0, errorRate: 0, breakerOpen: false)
    private var attemptOpen = false
    private var sentBodyParts = 0
    private var responseStarted = false
    private var responseStatus = 0
    private var upstreamKeepAlive = true
    /// Monotonic deadline of the attempt's response head, 0 when none is pending.
    private var responseDeadline: Int64 = 0
    private var attemptGeneration = 0

    // Connection-level.
    private var pendingRead = false
    /// Deadlines are plain numbers checked by the loop's sweep (`checkDeadlines`) every 100 ms:
    /// arming and cancelling two NIO timers per request cost ~7 % of the proxy's CPU in a
    /// profile, and none of these timeouts needs better than 100 ms resolution.
    private var headerDeadline: Int64 = 0
    private var idleDeadline: Int64 = 0
    private var sawBytesSinceResponse = false
    var closeAfterResponse = false

    init(loopContext: LoopContext) { self.lc = loopContext }

    var isIdle: Bool { phase == .idle }

    // MARK: connection lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let ip = context.channel.remoteAddress?.ipAddress { peerIP = ip }
        lc.connections[ObjectIdentifier(self)] = self
        armIdleTimer()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lc.connections[ObjectIdentifier(self)] = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client left mid-request: the upstream connection is in an unknown state, drop it.
        if phase == .proxying || phase == .upgrading {
            finishAttempt(status: 499)
            if let up = upstream {
                up.delegate = nil
                up.context?.close(promise: nil)
            }
            upstream = nil
        }
        phase = .idle
        context.fireChannelInactive()
    }

    /// Called by `FirstByteHandler` for every read, so the slowloris timer starts at the first byte.
    func noteBytes() {
        guard phase == .idle, !sawBytesSinceResponse else { return }
        sawBytesSinceResponse = true
        headerDeadline = monotonicNanos() + lc.config.headerTimeout.nanoseconds
    }

    private func armIdleTimer() {
        sawBytesSinceResponse = false
        headerDeadline = 0
        idleDeadline = monotonicNanos() + lc.config.idleTimeout.nanoseconds
    }

    /// Called by the loop's sweep: slowloris (headers not complete in time), idle keep-alive
    /// connections, replicas that do not answer.
    func checkDeadlines(now: Int64) {
        if headerDeadline != 0 && now > headerDeadline {
            headerDeadline = 0
            context?.close(promise: nil)
        } else if phase == .idle && !sawBytesSinceResponse && idleDeadline != 0 && now > idleDeadline {
            idleDeadline = 0
            context?.close(promise: nil)
        } else if phase == .proxying && responseDeadline != 0 && now > responseDeadline {
            responseDeadline = 0
            attemptFailed(timedOut: true, refused: false)
        }
    }

    // MARK: inbound (client → balancer)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if !pipelined.isEmpty || (requestEnded && phase != .idle) {
            // The next request arrived before this response finished (HTTP/1.1 pipelining):
            // hold it, and stop reading, until the response is out.
            pipelined.append(part)
            return
        }
        process(part)
    }

    /// Pipelined requests are rare, so instead of NIO's `HTTPServerPipelineHandler` (which
    /// withholds reads during every response, two `epoll_ctl` calls per request) the handler
    /// queues them itself, only when they happen.
    private var pipelined: [HTTPServerRequestPart] = []
    private var replayScheduled = false

    private func replayPipelined() {
        replayScheduled = false
        while !pipelined.isEmpty, context != nil {
            if case .head = pipelined[0], phase != .idle { break }
            process(pipelined.removeFirst())
        }
        if pipelined.isEmpty { resumeClientReads() }
    }

    private func process(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            headerDeadline = 0
            idleDeadline = 0
            startRequest(head)
        case .body(let buffer):
            receiveBody(buffer)
        case .end:
            requestEnded = true
            if phase == .proxying, let up = upstream, attemptOpen, sentBodyParts == bodyParts.count || !bodyRetained {
                up.write(.end(nil), flush: true)
            } else if phase == .answered {
                finishAnswered()
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Parser errors are answered with 400 by NIO's protocol error handler before us; anything
        // else on a client connection is not recoverable.
        context.close(promise: nil)
    }

    private func startRequest(_ head: HTTPRequestHead) {
        let now = monotonicNanos()
        requestHead = head
        bodyParts.removeAll(keepingCapacity: true)
        bodyBytes = 0
        bodyRetained = true
        requestEnded = false
        tried.removeAll(keepingCapacity: true)
        attempt = 0
        responseStarted = false
        clientKeepAlive = head.isKeepAlive && !closeAfterResponse && !lc.draining
        idempotent = Self.isIdempotent(head)
        setAffinityCookie = false

        if let cl = head.headers.first(name: "content-length").flatMap({ Int($0) }), cl > lc.config.maxBodyBytes {
            answer(status: .payloadTooLarge, code: "payload_too_large", message: "request body exceeds \(lc.config.maxBodyBytes) bytes", close: true)
            return
        }
        isUpgrade = head.headers.contains(name: "upgrade")
            && head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "upgrade" })

        var peer = peerIP
        if lc.config.trustForwardedFor, let xff = head.headers.first(name: "x-forwarded-for"),
           let first = xff.split(separator: ",").first {
            peer = first.trimmingCharacters(in: .whitespaces)
        }
        let authorization = head.headers.first(name: "authorization"), apiKey = head.headers.first(name: "x-api-key")
        if authorization == nil && apiKey == nil && !lc.config.trustForwardedFor {
            // Anonymous traffic is keyed by the connection's peer: build that string once.
            if ipClientKey.isEmpty { ipClientKey = "ip:" + peerIP }
            client = ipClientKey
        } else {
            client = lc.identifier.clientKey(authorization: authorization, apiKey: apiKey, peer: peer)
        }
        if lc.engine.flags.anomalyDetection.isOn(forClient: client) {
            lc.window[client, default: 0] += 1
            lc.windowTotal += 1
        }

        requestContext = RequestContext(method: head.method.rawValue, path: head.uri, client: client, priority: .standard, now: now)
        requestContext.decisionId = lc.nextDecisionId()
        var affinityKey: Substring?
        switch lc.engine.settings.affinity.mode {
        case .off: break
        case .cookie: affinityKey = Self.cookie(named: lc.engine.settings.affinity.cookieName, in: head.headers)
        case .header: affinityKey = head.headers.first(name: lc.engine.settings.affinity.headerName).map { Substring($0) }
        }
        affinityCookie = lc.engine.settings.affinity.mode == .cookie ? affinityKey : nil

        switch lc.engine.decide(client: client, affinityKey: affinityKey, context: requestContext) {
        case .limited(let wait):
            lc.metrics.limiterLimited.increment()
            let seconds = max(1, (wait + 999_999_999) / 1_000_000_000)
            answer(status: .tooManyRequests, code: "rate_limited", message: "too many requests, retry in \(seconds) s",
                   extra: [("Retry-After", String(seconds))])
        case .overloaded:
            lc.metrics.overloaded.increment()
            answer(status: .serviceUnavailable, code: "overloaded", message: "the service is at capacity for this priority class",
                   extra: [("Retry-After", "1")])
        case .noReplica:
            lc.metrics.noReplica.increment()
            answer(status: .serviceUnavailable, code: "no_upstream", message: "no healthy replica can take the request",
                   extra: [("Retry-After", "1")])
        case .route(let chosen, let priority, let setCookie):
            lc.metrics.limiterAllowed.increment()
            requestContext.priority = priority
            setAffinityCookie = setCookie
            requestId = head.headers.first(name: "x-request-id").flatMap { $0.utf8.count <= 128 ? $0 : nil } ?? lc.nextRequestId()
            upstreamHead = makeUpstreamHead(head, peer: peerIP)
            phase = .proxying
            startAttempt(on: chosen)
        }
    }

    private func receiveBody(_ buffer: ByteBuffer) {
        bodyBytes += buffer.readableBytes
        if bodyBytes > lc.config.maxBodyBytes {
            if phase == .proxying && !responseStarted {
                abortAttempt()
                answer(status: .payloadTooLarge, code: "payload_too_large", message: "request body exceeds \(lc.config.maxBodyBytes) bytes", close: true)
            } else {
                context?.close(promise: nil)
            }
            return
        }
        guard phase == .proxying else { return }
        if bodyRetained && bodyBytes > lc.config.retainForRetryBytes && attemptOpen {
            // Too big to keep for a retry: stream it through and give up on retrying this request.
            bodyRetained = false
            bodyParts.removeAll()
            sentBodyParts = 0
        }
        if attemptOpen, let up = upstream {
            up.write(.body(.byteBuffer(buffer)), flush: false)
            if bodyRetained {
                bodyParts.append(buffer)
                sentBodyParts = bodyParts.count
            }
        } else {
            bodyParts.append(buffer)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        upstream?.flush()
        context.fireChannelReadComplete()
    }

    /// Back-pressure towards the client: while the replica's socket is full (or we are still
    /// connecting with a large body buffered) stop reading from the client.
    func read(context: ChannelHandlerContext) {
        if !pipelined.isEmpty {
            pendingRead = true
            return
        }
        if phase == .proxying {
            if let up = upstream, attemptOpen, let uctx = up.context, !uctx.channel.isWritable {
                pendingRead = true
                return
            }
            if !attemptOpen && bodyBytes > 64 * 1024 {
                pendingRead = true
                return
            }
        }
        context.read()
    }

    private func resumeClientReads() {
        guard pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { upstream?.resumeReading() }
        context.fireChannelWritabilityChanged()
    }

    var downstreamWritable: Bool { context?.channel.isWritable ?? false }

    // MARK: attempts

    private func startAttempt(on chosen: Int) {
        replica = chosen
        tried.append(chosen)
        attempt += 1
        requestContext.attempt = attempt
        attemptStart = monotonicNanos()
        features = lc.engine.started(replica: chosen)
        attemptOpen = false
        sentBodyParts = 0
        upstreamKeepAlive = true
        attemptGeneration &+= 1
        let generation = attemptGeneration
        let target = lc.engine.replicas[chosen].upstream
        responseDeadline = attemptStart + lc.config.responseTimeout.nanoseconds
        requestSent = false
        if !isUpgrade, let idle = lc.pool.takeIdle(target) {
            // The common case: a pooled connection, attached without a future and a callback.
            attach(idle)
            return
        }
        let connection = lc.pool.connect(target)
        connection.assumeIsolated().whenComplete { [weak self] result in
            guard let self else {
                if case .success(let h) = result { h.context?.close(promise: nil) }
                return
            }
            guard self.attemptGeneration == generation, self.phase == .proxying else {
                if case .success(let h) = result { self.lc.pool.release(h) }
                return
            }
            switch result {
            case .success(let handler):
                self.attach(handler)
            case .failure:
                // Refused, unreachable or connect timeout: in every case this replica cannot serve now.
                self.attemptFailed(timedOut: false, refused: true)
            }
        }
    }

    private func attach(_ handler: UpstreamHandler) {
        upstream = handler
        handler.delegate = self
        handler.idlePool = nil
        attemptOpen = true
        requestSent = true
        handler.write(.head(upstreamHead), flush: false)
        for part in bodyParts { handler.write(.body(.byteBuffer(part)), flush: false) }
        sentBodyParts = bodyParts.count
        if !bodyRetained { bodyParts.removeAll() }
        if requestEnded { handler.write(.end(nil), flush: false) }
        handler.flush()
        resumeClientReads()
    }

    private func attemptFailed(timedOut: Bool, refused: Bool) {
        let now = monotonicNanos()
        finishAttempt(status: 0)
        if refused {
            lc.engine.eject(replica: replica, now: now)
            lc.ejectEverywhere?(lc.engine.replicas[replica].upstream)
        }
        if let up = upstream {
            up.delegate = nil
            up.context?.close(promise: nil)
            upstream = nil
        }
        attemptOpen = false
        // A refused connection never carried the request, so even a POST can go elsewhere.
        let canRetry = !responseStarted && (idempotent || !requestSent) && bodyRetained && attempt <= lc.config.maxRetries
        if canRetry, lc.engine.retryBudget.tryWithdraw(now: now) {
            requestContext.now = now
            if let next = lc.engine.chooseForRetry(excluding: tried, context: requestContext) {
                lc.metrics.retries.increment()
                // The first retry goes at once to a different replica; later ones back off with jitter.
                let delay = attempt <= 1 ? 0 : lc.config.backoff.delay(attempt: attempt - 1, using: &lc.rng)
                if delay == 0 {
                    startAttempt(on: next)
                } else {
                    attemptGeneration &+= 1
                    let generation = attemptGeneration
                    lc.loop.assumeIsolated().scheduleTask(in: .nanoseconds(delay)) { [weak self] in
                        guard let self, self.attemptGeneration == generation, self.phase == .proxying else { return }
                        self.startAttempt(on: next)
                    }
                }
                return
            }
        }
        if responseStarted {
            context?.close(promise: nil)
            return
        }
        if timedOut {
            answer(status: .gatewayTimeout, code: "upstream_timeout", message: "the replica did not answer in time", close: !requestEnded)
        } else {
            answer(status: .badGateway, code: "bad_gateway", message: "the replica failed to answer", close: !requestEnded)
        }
    }

    /// Leaves the current attempt without retrying (the client is being answered otherwise).
    private func abortAttempt() {
        finishAttempt(status: 0)
        if let up = upstream {
            up.delegate = nil
            up.context?.close(promise: nil)
        }
        upstream = nil
        attemptOpen = false
        attemptGeneration &+= 1
    }

    private func finishAttempt(status: Int) {
        guard replica >= 0, tried.last == replica, attempt > 0, features.inflight >= 0 else { return }
        responseDeadline = 0
        let now = monotonicNanos()
        let latency = now - attemptStart
        lc.engine.finished(replica: replica, status: status, latencyNanos: latency, features: features, context: requestContext, now: now)
        lc.countRequest(replica: replica, name: lc.engine.replicas[replica].name, status: status, latencyNanos: latency)
        // Mark the attempt closed so a later call for the same attempt is a no-op.
        features.inflight = -1
    }

    // MARK: UpstreamDelegate (replica → client)

    func upstreamReceived(_ part: HTTPClientResponsePart) {
        guard phase == .proxying, let context else { return }
        switch part {
        case .head(let head):
            if isUpgrade && head.status == .switchingProtocols {
                // Not here: the replica's decoder is mid-parse (it still delivers the 101's end)
                // and must not be removed under its own feet. Its parser stops after a 101, so
                // bytes arriving meanwhile wait in it and are forwarded when it is removed.
                phase = .upgrading
                lc.loop.assumeIsolated().execute { [weak self] in self?.completeUpgrade(head) }
                return
            }
            responseStarted = true
            responseStatus = Int(head.status.code)
            upstreamKeepAlive = head.isKeepAlive
            responseDeadline = 0
            var out = HTTPResponseHead(version: requestHead.version, status: head.status, headers: head.headers)
            // One copy of the shared header storage, with room for what is added below.
            out.headers.reserveCapacity(out.headers.count + 4)
            Self.stripHopByHop(&out.headers)
            let served = lc.engine.replicas[replica]
            out.headers.replaceOrAdd(name: "X-Upstream", value: served.name)
            out.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
            if setAffinityCookie || (affinityCookie != nil && !served.name.utf8.elementsEqual(affinityCookie!.utf8)) {
                // New session, or its replica left (or failed this request): pin to the one that answered.
                out.headers.add(name: "Set-Cookie", value: lc.engine.settings.affinity.setCookieHeader(for: served.upstream))
            }
            if !clientKeepAlive || closeAfterResponse || lc.draining {
                clientKeepAlive = false
                out.headers.replaceOrAdd(name: "Connection", value: "close")
            } else if requestHead.version == .http1_0 {
                out.headers.replaceOrAdd(name: "Connection", value: "keep-alive")
            }
            context.write(wrapOutboundOut(.head(out)), promise: nil)
        case .body(let buffer):
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        case .end(let trailers):
            let status = responseStatus
            finishAttempt(status: status)
            recordReputation(status: status)
            if let up = upstream {
                upstream = nil
                if upstreamKeepAlive && requestEnded && !lc.draining && !isUpgrade {
                    lc.pool.release(up)
                } else {
                    up.delegate = nil
                    up.context?.close(promise: nil)
                }
            }
            attemptOpen = false
            completeResponse(.end(trailers))
        }
    }

    func upstreamReadComplete() { context?.flush() }

    func upstreamClosed() {
        guard phase == .proxying else { return }
        upstream = nil
        attemptFailed(timedOut: false, refused: false)
    }

    func upstreamWritabilityChanged(_ writable: Bool) {
        if writable { resumeClientReads() }
    }

    // MARK: upgrades

    /// The replica accepted the upgrade: answer the client with its 101, then strip the HTTP
    /// codecs from both connections and glue them. Both channels live on this event loop, so the
    /// surgery is synchronous and no byte can slip between the codecs and the tunnel: the client
    /// may not send before it has the 101 (RFC 6455 §4.1), and bytes the replica sent right after
    /// its 101 are forwarded by its decoder (`.forwardBytes`) into the glue on removal.
    private func completeUpgrade(_ head: HTTPResponseHead) {
        guard phase == .upgrading, let context, let up = upstream, let uctx = up.context else {
            context?.close(promise: nil)
            return
        }
        finishAttempt(status: 101)
        responseDeadline = 0
        upstream = nil
        up.delegate = nil
        attemptOpen = false
        phase = .idle
        var out = HTTPResponseHead(version: requestHead.version, status: .switchingProtocols, headers: head.headers)
        out.headers.replaceOrAdd(name: "X-Upstream", value: lc.engine.replicas[replica].name)
        out.headers.replaceOrAdd(name: "X-Request-Id", value: requestId)
        context.write(wrapOutboundOut(.head(out)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        lc.metrics.upgrades.increment()
        let (clientGlue, upstreamGlue) = GlueHandler.matchedPair()
        do {
            let client = context.pipeline.syncOperations
            try client.addHandler(clientGlue)
            for ctx in [try client.context(handlerType: HTTPServerProtocolErrorHandler.self),
                        try client.context(handlerType: FirstByteHandler.self),
                        context,
                        try client.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self),
                        try client.context(handlerType: HTTPResponseEncoder.self)] {
                client.removeHandler(context: ctx, promise: nil)
            }
            let replicaSide = uctx.pipeline.syncOperations
            try replicaSide.addHandler(upstreamGlue)
            for ctx in [uctx,
                        try replicaSide.context(handlerType: HTTPRequestEncoder.self),
                        try replicaSide.context(handlerType: ByteToMessageHandler<HTTPResponseDecoder>.self)] {
                replicaSide.removeHandler(context: ctx, promise: nil)
            }
        } catch {
            context.close(promise: nil)
            uctx.close(promise: nil)
        }
    }

    // MARK: responses

    private func completeResponse(_ end: HTTPServerResponsePart) {
        guard let context else { return }
        let keepAlive = clientKeepAlive && !closeAfterResponse && !lc.draining && requestEnded
        phase = .idle
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(end), promise: nil)
            armIdleTimer()
            if !pipelined.isEmpty && !replayScheduled {
                // Next tick: this may run inside the processing of the request being finished.
                replayScheduled = true
                lc.loop.assumeIsolated().execute { [weak self] in self?.replayPipelined() }
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(end)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func answer(status: HTTPResponseStatus, code: String, message: String, extra: [(String, String)] = [], close: Bool = false) {
        guard let context else { return }
        let body = JSONError.body(code: code, message: message, allocator: context.channel.allocator)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        if !requestId.isEmpty { headers.add(name: "X-Request-Id", value: requestId) }
        for (k, v) in extra { headers.add(name: k, value: v) }
        if close || !clientKeepAlive { clientKeepAlive = false }
        if !clientKeepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: requestHead.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if status.code >= 400 && status.code < 500 && status != .tooManyRequests {
            lc.clientErrors[client, default: 0] += 1
        }
        if requestEnded || close {
            completeResponse(.end(nil))
        } else {
            // Discard the rest of the body, then finish (keeps the connection usable).
            phase = .answered
            context.flush()
        }
    }

    private func finishAnswered() {
        completeResponse(.end(nil))
    }

    private func recordReputation(status: Int) {
        guard lc.engine.flags.reputation.isOn(forClient: client) else { return }
        let now = requestContext.now
        if status >= 400 && status < 500 && status != 404 {
            lc.engine.reputation.record(.clientError, client: client, now: now)
            lc.clientErrors[client, default: 0] += 1
        } else if status < 400 {
            lc.engine.reputation.record(.clean, client: client, now: now)
        }
    }

    // MARK: headers

    private static let hopByHop: [String] = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "upgrade"]

    static func stripHopByHop(_ headers: inout HTTPHeaders) {
        // Most messages carry none: one pass over the names, by length first, keeps that cheap.
        guard headers.contains(where: { isHopByHop($0.name) }) else { return }
        // Headers named in Connection are hop-by-hop too (RFC 9110 §7.6.1).
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

    private func makeUpstreamHead(_ head: HTTPRequestHead, peer: String) -> HTTPRequestHead {
        var h = HTTPRequestHead(version: .http1_1, method: head.method, uri: head.uri, headers: head.headers)
        // One copy of the client's header storage, with room for the X-Forwarded-* and X-Request-Id.
        h.headers.reserveCapacity(h.headers.count + 6)
        Self.stripHopByHop(&h.headers)
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

import Foundation
