import NIOCore

public struct BalancerConfiguration: Sendable {
    public var listenHost = "127.0.0.1"
    public var listenPort = 8080
    public var adminHost = "127.0.0.1"
    public var adminPort = 9090
    public var upstreams: [Upstream] = []
    /// A file with one "host:port" per line, re-read when it changes.
    public var upstreamFile: String?
    public var policy: PolicyKind = .p2cPeakEWMA
    public var threads = System.coreCount
    public var limit = GCRALimit(ratePerSecond: 200, burst: 100)
    public var admission = PriorityAdmission()
    public var affinity = SessionAffinity()
    public var flags = FeatureFlags()
    public var breakerFailures = 5
    public var breakerOpen: TimeAmount = .seconds(1)
    public var connectTimeout: TimeAmount = .milliseconds(500)
    public var responseTimeout: TimeAmount = .seconds(30)
    /// Time allowed from the first byte of a request to the end of its headers (slowloris).
    public var headerTimeout: TimeAmount = .seconds(10)
    public var idleTimeout: TimeAmount = .seconds(75)
    /// Time allowed between two pieces of a request body while it is forwarded: a client that
    /// stalls longer gets 408, and its replica is not blamed (docs/performance.md, attribution).
    public var bodyTimeout: TimeAmount = .seconds(30)
    public var maxBodyBytes = 10 * 1024 * 1024
    public var maxHeaderBytes = 32 * 1024
    /// Request bodies up to this size are kept so the request can be retried elsewhere.
    public var retainForRetryBytes = 256 * 1024
    public var maxRetries = 2
    public var backoff = Backoff()
    /// Per event loop: retries stay under 20 % of requests plus 10 a second.
    public var retryBudget = RetryBudget()
    public var healthPath = "/health/ready"
    public var healthInterval: TimeAmount = .milliseconds(250)
    public var healthTimeout: TimeAmount = .milliseconds(400)
    public var maxIdlePerReplica = 256
    public var drainTimeout: TimeAmount = .seconds(10)
    public var jwtSecret: String?
    public var databaseURL: String?
    /// Trust an incoming X-Forwarded-For for the client IP (only behind a trusted proxy).
    public var trustForwardedFor = false
    /// Anomaly detector window; live traffic is judged per window.
    public var anomalyWindow: TimeAmount = .seconds(10)
    /// How often reputation events are written to the database (and always on drain).
    public var persistInterval: TimeAmount = .seconds(2)
    /// Accepted besides `jwtSecret` while the JWT secret is rotated (`WAVE3_JWT_PREVIOUS_SECRET`).
    public var jwtPreviousSecret: String?
    /// `BALANCER_ADMIN_TOKEN`; nil: one is generated and printed at start, unless `production`.
    public var adminToken: String?
    /// `WAVE3_ENV=production`: refuse to start without an admin token.
    public var production = false
    /// Host names besides IP literals, `localhost` and `adminHost` under which the admin listener
    /// may be addressed (`BALANCER_ADMIN_HOSTS`, comma-separated), e.g. a compose service name.
    public var adminHosts: [String] = []
    /// Most clients the limiter and the reputation book each track at once.
    public var maxTrackedClients = 200_000
    /// How often idle limiter and reputation entries are dropped and API keys re-read.
    public var housekeepingInterval: TimeAmount = .seconds(5)
    /// `BALANCER_REDIS_URL`: replicas sharing one Redis enforce one limit per client (docs/balancer.md).
    public var redisURL: String?
    /// `BALANCER_REDIS_SYNC_MS`: how often the shared limiter reconciles with Redis.
    public var limiterSyncInterval: TimeAmount = .milliseconds(5)

    public init() {}
}
