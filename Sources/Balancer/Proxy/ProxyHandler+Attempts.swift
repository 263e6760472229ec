import NIOCore
import NIOHTTP1

/// The replica side of `ProxyHandler`: attempts, their outcome (recorded exactly once, when the
/// state holding the attempt is left), retries, the response stream and the upgrade.
///
/// Failure attribution: only what the replica did counts for or against it. A connect failure, a
/// timeout after it had the whole request, a broken response: failures. A response: success, with
/// its latency measured from the last request byte to the response head. The client leaving,
/// stalling or oversizing its body: neither, the attempt is abandoned (in-flight count released,
/// a half-open probe handed back, no verdict).
extension ProxyHandler: UpstreamDelegate {
    func startAttempt(on chosen: Int) {
        request.tried.append(chosen)
        request.context.attempt = request.tried.count
        request.sent = false
        let attempt = Attempt(replica: chosen, startedAt: request.context.now, features: lc.engine.started(replica: chosen))
        generation &+= 1
        let target = lc.engine.replicas[chosen].upstream
        if !request.isUpgrade, let idle = lc.pool.takeIdle(target) {
            // The common case: a pooled connection, attached without a future and a callback.
            attach(idle, for: attempt, now: attempt.startedAt)
            return
        }
        state = .connecting(attempt, generation: generation)
        let expected = generation
        lc.pool.connect(target).assumeIsolated().whenComplete { [weak self] result in
            guard let self else {
                if case .success(let h) = result { h.context?.close(promise: nil) }
                return
            }
            guard case .connecting(let attempt, let current) = self.state, current == expected else {
                if case .success(let h) = result { self.lc.pool.release(h) }
                return
            }
            switch result {
            case .success(let handler):
                self.attach(handler, for: attempt, now: monotonicNanos())
            case .failure:
                // Refused, unreachable or connect timeout: in every case this replica cannot serve now.
                self.attemptFailed(attempt, upstream: nil, refused: true)
            }
        }
    }

    private func attach(_ handler: UpstreamHandler, for attempt: Attempt, now: Int64) {
        handler.delegate = self
        handler.idlePool = nil
        request.sent = true
        handler.announce(request.head)
        // Written afresh for each attempt rather than kept: a kept buffer would pin the loop's
        // scratch storage and cost the next head an allocation.
        let (head, facts, peer, id, isUpgrade) = (request.head, request.facts, peerIP, request.id, request.isUpgrade)
        var framing = HTTPWire.Framing.raw
        handler.write(lc.bytes {
            framing = HeaderRewriter.writeUpstreamHead(for: head, facts: facts, peer: peer, requestId: id, isUpgrade: isUpgrade, into: &$0)
        })
        request.upstreamFraming = framing
        for part in request.body.parts { sendBody(part, to: handler) }
        request.body.sentToAttempt()
        if request.body.ended {
            sendEnd(to: handler)
            state = .awaitingResponse(attempt, handler, since: now, deadline: now + lc.config.responseTimeout.nanoseconds)
        } else {
            state = .forwarding(attempt, handler, clientDeadline: lc.now + lc.config.bodyTimeout.nanoseconds)
        }
        handler.flush()
        resumeClientReads()
    }

    /// A part of the request body to the replica, framed as the head sent there says.
    func sendBody(_ buffer: ByteBuffer, to up: UpstreamHandler) {
        guard request.upstreamFraming == .chunked else { return up.write(buffer) }
        guard buffer.readableBytes > 0 else { return }
        up.write(lc.bytes { HTTPWire.writeChunkHeader(buffer.readableBytes, into: &$0) })
        up.write(buffer)
        up.write(lc.crlf)
    }

    func sendEnd(to up: UpstreamHandler) {
        if request.upstreamFraming == .chunked { up.write(lc.lastChunk) }
    }

    /// The replica failed this attempt: record it, then retry elsewhere when that is safe, or answer.
    func attemptFailed(_ attempt: Attempt, upstream: UpstreamHandler?, timedOut: Bool = false, refused: Bool = false, charged: Bool = true) {
        let now = monotonicNanos()
        if charged {
            record(attempt, status: 0, latency: now - attempt.startedAt, now: now)
        } else {
            release(attempt)
        }
        if refused {
            lc.engine.eject(replica: attempt.replica, now: now)
            lc.ejectEverywhere?(lc.engine.replicas[attempt.replica].upstream)
        }
        if let upstream {
            upstream.delegate = nil
            upstream.context?.close(promise: nil)
        }
        // A refused connection never carried the request, so even a POST can go elsewhere.
        let canRetry = !request.responseStarted && (request.idempotent || !request.sent) && request.body.retained
            && request.tried.count <= lc.config.maxRetries
        if canRetry, lc.engine.retryBudget.tryWithdraw(now: now) {
            request.context.now = now
            if let next = lc.engine.chooseForRetry(excluding: request.tried, context: request.context) {
                lc.tally.retries += 1
                // The first retry goes at once to a different replica; later ones back off with jitter.
                let tries = request.tried.count
                let delay = tries <= 1 ? 0 : lc.config.backoff.delay(attempt: tries - 1, using: &lc.rng)
                if delay == 0 {
                    startAttempt(on: next)
                } else {
                    generation &+= 1
                    let expected = generation
                    state = .retrying(next: next, generation: expected)
                    lc.loop.assumeIsolated().scheduleTask(in: .nanoseconds(delay)) { [weak self] in
                        guard let self, case .retrying(let next, let current) = self.state, current == expected else { return }
                        self.request.context.now = monotonicNanos()
                        self.startAttempt(on: next)
                    }
                }
                return
            }
        }
        if request.responseStarted {
            state = .draining
            closeConnection()
        } else if timedOut {
            answer(status: .gatewayTimeout, code: "upstream_timeout", message: "the replica did not answer in time", close: !request.body.ended)
        } else {
            answer(status: .badGateway, code: "bad_gateway", message: "the replica failed to answer", close: !request.body.ended)
        }
    }

    /// Ends the current attempt, if any, without a verdict on its replica (the client's doing).
    func abandonAttempt() {
        generation &+= 1
        switch state {
        case .connecting(let attempt, _):
            release(attempt)
        case .forwarding(let attempt, let up, _), .awaitingResponse(let attempt, let up, _, _),
             .streaming(let attempt, let up, _), .upgrading(let attempt, let up, _, _):
            release(attempt)
            up.delegate = nil
            up.context?.close(promise: nil)
        default:
            return
        }
        state = .answered
    }

    private func record(_ attempt: Attempt, status: Int, latency: Int64, now: Int64) {
        // The replica set may have shrunk meanwhile (upstream file reload).
        guard attempt.replica < lc.engine.replicas.count else { return }
        lc.engine.finished(replica: attempt.replica, status: status, latencyNanos: latency, features: attempt.features,
                           context: request.context, now: now)
        lc.countRequest(replica: attempt.replica, name: lc.engine.replicas[attempt.replica].name, status: status, latencyNanos: latency)
    }

    private func release(_ attempt: Attempt) {
        guard attempt.replica < lc.engine.replicas.count else { return }
        lc.engine.abandoned(replica: attempt.replica, features: attempt.features)
        lc.countRequest(replica: attempt.replica, name: lc.engine.replicas[attempt.replica].name, status: 499, latencyNanos: 0)
    }

    // MARK: UpstreamDelegate (replica → client)

    func upstreamReceived(_ part: HTTPClientResponsePart) {
        switch part {
        case .head(let head):
            let current: (Attempt, UpstreamHandler, Int64)
            switch state {
            case .forwarding(let a, let u, _):
                // An early answer (the replica did not wait for the whole body).
                current = (a, u, a.startedAt)
            case .awaitingResponse(let a, let u, let s, _):
                current = (a, u, s)
            default:
                return
            }
            let (attempt, up, since) = current
            let now = monotonicNanos()
            if request.isUpgrade && head.status == .switchingProtocols {
                // Its parser stops after a 101, so bytes arriving meanwhile wait in it and are
                // forwarded when it is removed.
                state = .upgrading(attempt, up, head, since: since)
                lc.loop.assumeIsolated().execute { [weak self] in self?.completeUpgrade() }
                return
            }
            request.responseStarted = true
            state = .streaming(attempt, up, ReplicaResponse(status: Int(head.status.code), keepAlive: head.isKeepAlive,
                                                            headAt: now, latency: now - since))
            writeClientHead(for: head, replica: attempt.replica)
        case .body(let buffer):
            guard case .streaming = state else { return }
            sendResponseBody(buffer)
        case .end(let trailers):
            guard case .streaming(let attempt, let up, let response) = state else { return }
            record(attempt, status: response.status, latency: response.latency, now: response.headAt)
            recordReputation(status: response.status)
            if response.keepAlive && request.body.ended && !lc.draining && !request.isUpgrade {
                lc.pool.release(up)
            } else {
                up.delegate = nil
                up.context?.close(promise: nil)
            }
            completeResponse(trailers: trailers)
        }
    }

    private func writeClientHead(for head: HTTPResponseHead, replica: Int) {
        let served = lc.engine.replicas[replica]
        var setCookie: String?
        if request.setAffinityCookie || (request.affinityCookie.map { !served.name.utf8.elementsEqual($0.utf8) } ?? false) {
            // New session, or its replica left (or failed this request): pin to the one that answered.
            setCookie = lc.engine.settings.affinity.setCookieHeader(for: served.upstream)
        }
        var connection = HeaderRewriter.ConnectionHeader.unchanged
        if !request.keepAlive || closeAfterResponse || lc.draining {
            request.keepAlive = false
            connection = .close
        } else if request.head.version == .http1_0 {
            connection = .keepAlive
        }
        let (method, version, id) = (request.head.method, request.head.version, request.id)
        var framing = HTTPWire.Framing.raw
        writeToClient(lc.bytes {
            framing = HeaderRewriter.writeClientHead(for: head, requestMethod: method, version: version, upstream: served.name,
                                                     requestId: id, setCookie: setCookie, connection: connection, into: &$0)
        })
        clientFraming = framing
        responseOpen = true
    }

    func upstreamReadComplete() { flushClient() }

    func upstreamClosed() {
        switch state {
        case .forwarding(let attempt, _, _):
            // Closed while the client still owed body bytes: a replica that gave up on a slow
            // client, or one that crashed; which, cannot be told, so no verdict (a crashed one
            // refuses the next connection and is ejected then).
            attemptFailed(attempt, upstream: nil, charged: false)
        case .awaitingResponse(let attempt, _, _, _), .streaming(let attempt, _, _):
            attemptFailed(attempt, upstream: nil)
        default:
            break
        }
    }

    func upstreamWritabilityChanged(_ writable: Bool) {
        if writable { resumeClientReads() }
    }

    /// The replica accepted the upgrade: answer the client with its 101, then splice the two
    /// connections into a byte tunnel.
    private func completeUpgrade() {
        guard case .upgrading(let attempt, let up, let head, let since) = state else { return }
        guard let context, let uctx = up.context else {
            abandonAttempt()
            state = .draining
            closeConnection()
            return
        }
        let now = monotonicNanos()
        record(attempt, status: 101, latency: now - since, now: now)
        up.delegate = nil
        state = .upgraded
        let served = lc.engine.replicas[attempt.replica].name
        let (version, id) = (request.head.version, request.id)
        writeToClient(lc.bytes { HeaderRewriter.writeUpgradeHead(for: head, version: version, upstream: served, requestId: id, into: &$0) },
                      flush: true)
        lc.tally.upgrades += 1
        UpgradeTunnel.splice(client: context, replica: uctx)
    }

    private func recordReputation(status: Int) {
        let client = request.client
        guard lc.engine.flags.reputation.isOn(forClient: client) else { return }
        let now = request.context.now
        if status >= 400 && status < 500 && status != 404 {
            lc.engine.reputation.record(.clientError, client: client, now: now)
            lc.clientErrors[client, default: 0] += 1
        } else if status < 400 {
            lc.engine.reputation.record(.clean, client: client, now: now)
        }
    }
}
