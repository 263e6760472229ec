import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The running balancer: public listener, admin listener, per-loop contexts, background tasks
/// (health checks, anomaly windows, upstream file reload, persistence).
public final class BalancerServer: Sendable {
    public let config: BalancerConfiguration
    public let group: any EventLoopGroup
    public let limiter: any RateLimitStore
    /// Set with `BALANCER_REDIS_URL`: reconciles `limiter` with the other replicas through Redis.
    public let limiterSync: RedisLimiterSync?
    public let reputation: ReputationBook
    public let metrics = BalancerMetrics()
    public let store: (any ReputationStore)?
    /// Issued API keys (docs/balancer.md).
    public let keys = APIKeyRing()
    /// The admin listener's bearer token, configured or generated for this run.
    public let adminToken: String
    let adminAccess: AdminAccess
    private let adminTokenGenerated: Bool
    let logger: Logger
    let loops: [NIOLoopBound<LoopContext>]
    private let ownsGroup: Bool

    struct Shared {
        var upstreams: [Upstream] = []
        var health: [Upstream: (healthy: Bool, failures: Int, changedAt: Int64)] = [:]
        var policy: PolicyKind = .p2cPeakEWMA
        var flags = FeatureFlags()
        var vips: [String: VIPEntry] = [:]
        var anomalies: [Anomaly] = []
        var nextAnomalyId: Int64 = 1
        var detector = AnomalyDetector()
        var tighteningUntil: Int64 = 0
        var upstreamFileStamp: String = ""
        var serverChannel: (any Channel)?
        var adminChannel: (any Channel)?
        var timers: [RepeatedTask] = []
        var stopped = false
    }
    let shared: NIOLockedValueBox<Shared>

    public init(config: BalancerConfiguration, group: (any EventLoopGroup)? = nil, limiter: (any RateLimitStore)? = nil,
                store: (any ReputationStore)? = nil, logger: Logger = Logger(label: "rl-balancer")) throws {
        self.config = config
        self.ownsGroup = group == nil
        self.group = group ?? MultiThreadedEventLoopGroup(numberOfThreads: max(1, config.threads))
        if limiter == nil, let url = config.redisURL, !url.isEmpty {
            let sync = try RedisLimiterSync(url: url, group: self.group, maxEntries: config.maxTrackedClients, interval: config.limiterSyncInterval, logger: logger)
            self.limiterSync = sync
            self.limiter = sync.store
        } else {
            self.limiterSync = nil
            self.limiter = limiter ?? LocalRateLimitStore(maxEntries: config.maxTrackedClients)
        }
        var book = ReputationBook.Config()
        book.maxEntries = config.maxTrackedClients
        self.reputation = ReputationBook(config: book)
        (self.adminToken, self.adminTokenGenerated) = try AdminToken.resolve(configured: config.adminToken, production: config.production)
        self.adminAccess = AdminAccess(token: adminToken, listenerHost: config.adminHost, extraHosts: config.adminHosts)
        self.store = store
        self.logger = logger
        var s = Shared()
        s.policy = config.policy
        s.flags = config.flags
        s.upstreams = config.upstreams
        for u in config.upstreams { s.health[u] = (true, 0, 0) }
        self.shared = NIOLockedValueBox(s)

        let eventLoops = Array(self.group.makeIterator())
        var bound: [NIOLoopBound<LoopContext>] = []
        for (i, loop) in eventLoops.enumerated() {
            let limiter = self.limiter, reputation = self.reputation, metrics = self.metrics
            let share = 1.0 / Double(eventLoops.count)
            let b = try loop.submit {
                let engine = DecisionEngine(limiter: limiter, reputation: reputation, policy: config.policy.make(),
                                            settings: .init(baseLimit: config.limit, admission: config.admission, affinity: config.affinity),
                                            loopShare: share)
                engine.flags = config.flags
                engine.retryBudget = config.retryBudget
                engine.setUpstreams(config.upstreams, breaker: CircuitBreaker(failureThreshold: config.breakerFailures, openNanos: config.breakerOpen.nanoseconds))
                return NIOLoopBound(LoopContext(loop: loop, engine: engine, config: config, metrics: metrics, loopIndex: i), eventLoop: loop)
            }.wait()
            bound.append(b)
        }
        self.loops = bound
    }

    // MARK: lifecycle

    public func start() async throws {
        if let store {
            try await store.migrate()
            for (client, var score) in try await store.loadScores() {
                // Stored stamps are from another process's clock: resume decay from now.
                score.updatedAt = monotonicNanos()
                reputation.restore(client: client, score: score)
            }
            let vips = try await store.loadVIPs()
            shared.withLockedValue { $0.vips = vips }
            _ = keys.replaceAll(try await store.loadKeys())
            await publishKeys()
            let anomalies = try await store.recentAnomalies(limit: 200)
            shared.withLockedValue { s in
                s.anomalies = anomalies.reversed()
                s.nextAnomalyId = (anomalies.map(\.id).max() ?? 0) + 1
            }
        }
        if let file = config.upstreamFile { reloadUpstreamFile(file) }
        broadcast { [weak self] lc in
            lc.ejectEverywhere = { upstream in self?.ejectEverywhere(upstream) }
            lc.startSweeping()
        }

        let limits = NIOHTTPDecoderLimitConfiguration.limits(headerField: config.maxHeaderBytes, headerList: config.maxHeaderBytes)
        let loops = self.loops
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let lc = loops.first(where: { $0.eventLoop === channel.eventLoop })?.value else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    if lc.draining { throw ChannelError.ioOnClosedChannel }
                    let sync = channel.pipeline.syncOperations
                    // A decoder only: ProxyHandler queues pipelined requests, writes its responses
                    // as bytes (no encoder) and answers parser errors with 400 itself.
                    try sync.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
                    try sync.addHandler(ProxyHandler(loopContext: lc))
                }
            }
            .bind(host: config.listenHost, port: config.listenPort).get()

        let admin = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true, withOutboundHeaderValidation: false, withEncoderConfiguration: .init(), withDecoderLimitConfiguration: limits)
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(server: self))
                }
            }
            .bind(host: config.adminHost, port: config.adminPort).get()

        shared.withLockedValue {
            $0.serverChannel = server
            $0.adminChannel = admin
        }
        if adminTokenGenerated {
            logger.warning("BALANCER_ADMIN_TOKEN is not set: generated one for this run", metadata: ["adminToken": "\(adminToken)"])
        }
        startBackgroundTasks()
        limiterSync?.start()
        logger.info("rl-balancer listening", metadata: ["listen": "\(server.localAddress?.description ?? "?")", "admin": "\(admin.localAddress?.description ?? "?")", "upstreams": "\(currentUpstreams().map(\.name))"])
    }

    public var listenPort: Int? { shared.withLockedValue { $0.serverChannel?.localAddress?.port } }
    public var adminPort: Int? { shared.withLockedValue { $0.adminChannel?.localAddress?.port } }

    private func startBackgroundTasks() {
        let loop = group.next()
        var timers: [RepeatedTask] = []
        timers.append(loop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: config.healthInterval) { [self] _ in
            runHealthChecks(on: loop)
        })
        timers.append(loop.scheduleRepeatedTask(initialDelay: config.anomalyWindow, delay: config.anomalyWindow) { [self] _ in
            Task { await self.anomalyTick() }
        })
        timers.append(loop.scheduleRepeatedTask(initialDelay: config.persistInterval, delay: config.persistInterval) { [self] _ in
            Task { await self.persist() }
        })
        timers.append(loop.scheduleRepeatedTask(initialDelay: config.housekeepingInterval, delay: config.housekeepingInterval) { [self] _ in
            Task { await self.housekeeping() }
        })
        if let file = config.upstreamFile {
            timers.append(loop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { [self] _ in
                reloadUpstreamFile(file)
            })
        }
        shared.withLockedValue { $0.timers = timers }
    }

    /// Publishes every loop's batched request metrics (before a scrape).
    public func publishMetrics() async {
        _ = await gather { $0.publishMetrics() }
    }

    /// Graceful drain: stop accepting, let in-flight requests finish (answering them with
    /// `Connection: close`), close idle keep-alive connections, then stop.
    public func drain() async {
        logger.info("draining")
        let (server, admin, timers) = shared.withLockedValue { s in
            s.stopped = true
            return (s.serverChannel, s.adminChannel, s.timers)
        }
        try? await server?.close()
        broadcast { lc in
            lc.draining = true
            for handler in lc.connections.values where handler.isIdle { handler.closeConnection() }
            for handler in lc.connections.values { handler.closeAfterResponse = true }
        }
        let deadline = NIODeadline.now() + config.drainTimeout
        while NIODeadline.now() < deadline {
            let inflight = await gather { $0.engine.totalInflight }.reduce(0, +)
            if inflight == 0 { break }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        broadcast { lc in
            for handler in lc.connections.values { handler.closeConnection() }
            lc.pool.closeIdle()
            lc.stopSweeping()
        }
        for t in timers { t.cancel() }
        limiterSync?.stop()
        await persist()
        try? await admin?.close()
    }

    public func shutdown() async {
        await drain()
        try? await store?.close()
        if ownsGroup { try? await group.shutdownGracefully() }
    }

    // MARK: loop fan-out

    func broadcast(_ body: @escaping @Sendable (LoopContext) -> Void) {
        for b in loops {
            b.eventLoop.execute { body(b.value) }
        }
    }

    func gather<T: Sendable>(_ body: @escaping @Sendable (LoopContext) -> T) async -> [T] {
        var out: [T] = []
        for b in loops {
            if let v = try? await b.eventLoop.submit({ body(b.value) }).get() { out.append(v) }
        }
        return out
    }

    // MARK: configuration changes

    public func currentUpstreams() -> [Upstream] { shared.withLockedValue { $0.upstreams } }

    public func setUpstreams(_ upstreams: [Upstream]) {
        let changed = shared.withLockedValue { s -> Bool in
            guard s.upstreams != upstreams else { return false }
            s.upstreams = upstreams
            for u in upstreams where s.health[u] == nil { s.health[u] = (true, 0, 0) }
            return true
        }
        guard changed else { return }
        logger.info("upstreams changed", metadata: ["upstreams": "\(upstreams.map(\.name))"])
        let breaker = CircuitBreaker(failureThreshold: config.breakerFailures, openNanos: config.breakerOpen.nanoseconds)
        let keep = Set(upstreams)
        broadcast { lc in
            lc.engine.setUpstreams(upstreams, breaker: breaker)
            lc.pool.closeIdle(keeping: keep)
            lc.resetMetricHandles()
        }
    }

    func reloadUpstreamFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return }
        let changed = shared.withLockedValue { s -> Bool in
            if s.upstreamFileStamp == text { return false }
            s.upstreamFileStamp = text
            return true
        }
        if changed {
            let list = Upstream.parseList(text)
            if !list.isEmpty { setUpstreams(list) }
        }
    }

    public func setPolicy(_ kind: PolicyKind) {
        shared.withLockedValue { $0.policy = kind }
        broadcast { $0.engine.setPolicy(kind.make()) }
    }

    public func policy() -> PolicyKind { shared.withLockedValue { $0.policy } }

    public func setFlags(_ flags: FeatureFlags) {
        shared.withLockedValue { $0.flags = flags }
        broadcast { $0.engine.flags = flags }
    }

    public func flags() -> FeatureFlags { shared.withLockedValue { $0.flags } }

    /// Stored first, applied after: a write that failed is thrown and changes nothing, so what
    /// the admin was told is what survives a restart.
    public func setVIP(_ client: String, _ entry: VIPEntry?) async throws {
        try await store?.setVIP(client: client, entry: entry)
        shared.withLockedValue { $0.vips[client] = entry }
        await publishVIPs()
    }

    public func vips() -> [String: VIPEntry] { shared.withLockedValue { $0.vips } }

    // MARK: anomalies

    var isStopped: Bool { shared.withLockedValue { $0.stopped } }

    func anomalyTick() async {
        // A tick that raced the drain must not touch loops that may be shutting down.
        guard !isStopped else { return }
        let windows = await gather { $0.takeWindow() }
        var perClient: [String: Double] = [:]
        var total = 0
        var clientErrors: [String: Int] = [:]
        for w in windows {
            total += w.total
            for (k, v) in w.perClient { perClient[k, default: 0] += Double(v) }
            for (k, v) in w.clientErrors { clientErrors[k, default: 0] += v }
        }
        let now = monotonicNanos()
        // A 4xx flood: many client errors in one window lowers reputation beyond the per-request cost.
        for (client, errors) in clientErrors where errors >= 50 {
            reputation.record(.clientError, client: client, now: now, weight: Double(errors) / 10)
        }
        let sample = TrafficSample(time: Int64(Date().timeIntervalSince1970), total: Double(total), perClient: perClient,
                                   windowSeconds: Double(config.anomalyWindow.nanoseconds) / 1e9)
        let found = shared.withLockedValue { $0.detector.observe(sample) }
        for anomaly in found { await handle(anomaly, now: now) }
        let until = shared.withLockedValue { $0.tighteningUntil }
        if until != 0 && now > until {
            shared.withLockedValue { $0.tighteningUntil = 0 }
            broadcast { $0.engine.anomalyTightening = 1 }
        }
    }

    public func handle(_ anomaly: Anomaly, now: Int64) async {
        var a = anomaly
        a.id = shared.withLockedValue { s in
            defer { s.nextAnomalyId += 1 }
            return s.nextAnomalyId
        }
        metrics.anomalies.increment()
        logger.warning("anomaly detected", metadata: ["type": "\(a.type.rawValue)", "confidence": "\(a.confidence)", "clients": "\(a.clients.prefix(5))"])
        if a.responses.contains(.lowerReputation) {
            for c in a.clients { reputation.record(.anomaly, client: c, now: now) }
        }
        if a.responses.contains(.tightenLimits) {
            shared.withLockedValue { $0.tighteningUntil = now + 60_000_000_000 }
            broadcast { $0.engine.anomalyTightening = 0.5 }
        }
        shared.withLockedValue { s in
            s.anomalies.append(a)
            if s.anomalies.count > 500 { s.anomalies.removeFirst(s.anomalies.count - 500) }
        }
        try? await store?.record(anomaly: a)
    }

    public func anomalies() -> [Anomaly] { shared.withLockedValue { $0.anomalies.reversed() } }

    // MARK: persistence

    func persist() async {
        let events = reputation.drainPending()
        guard let store, !events.isEmpty else { return }
        let now = monotonicNanos()
        var scores: [String: ReputationScore] = [:]
        for e in events { scores[e.client] = reputation.score(for: e.client, now: now) }
        do {
            try await store.append(events: events)
            try await store.upsert(scores: scores)
        } catch {
            // Keep them for the next round (the events table is append-only with fresh ids, so a
            // partly written batch can at worst be written twice, never lost).
            reputation.requeue(events)
            logger.error("reputation persistence failed; will retry", metadata: ["error": "\(error)", "pending": "\(events.count)"])
        }
    }
}
