import ArgumentParser
import Balancer
import Foundation

@main
struct RLBalancer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-balancer",
        abstract: "Reverse proxy in front of the wave3 replicas: limiter, reputation, anomaly detection, routing policies.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the balancer.")

    @Option(help: "Public listener, host:port.") var listen = "127.0.0.1:8080"
    @Option(help: "Admin listener, host:port.") var admin = "127.0.0.1:9090"
    @Option(name: .customLong("upstream"), help: "Replica host:port (repeatable). Default: $BALANCER_UPSTREAMS, else 127.0.0.1:8081,127.0.0.1:8082.")
    var upstreams: [String] = []
    @Option(help: "File with one host:port per line, reloaded when it changes.") var upstreamFile: String?
    @Option(help: "round_robin | random | least_connections | p2c_peak_ewma") var policy = "p2c_peak_ewma"
    @Option(help: "Event loop threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Requests per second per client.") var rate = 200.0
    @Option(help: "Burst per client.") var burst = 100
    @Option(help: "Session affinity: off | cookie | header.") var affinity = "off"
    @Option(help: "Health check path.") var healthPath = "/health/ready"
    @Option(help: "Retries for idempotent requests.") var retries = 2
    @Option(help: "In-flight requests per replica before lower priority classes are shed.") var capacity = 256
    @Flag(help: "Disable the limiter (rollout 0 %).") var noLimiter = false

    func run() async throws {
        var config = BalancerConfiguration()
        let env = ProcessInfo.processInfo.environment
        guard let l = Upstream(parsing: listen), let a = Upstream(parsing: admin) else {
            throw ValidationError("--listen and --admin take host:port")
        }
        (config.listenHost, config.listenPort) = (l.host, l.port)
        (config.adminHost, config.adminPort) = (a.host, a.port)
        var list = upstreams.flatMap { Upstream.parseList($0) }
        if list.isEmpty, let e = env["BALANCER_UPSTREAMS"] { list = Upstream.parseList(e) }
        if list.isEmpty && upstreamFile == nil { list = Upstream.parseList("127.0.0.1:8081,127.0.0.1:8082") }
        config.upstreams = list
        config.upstreamFile = upstreamFile
        guard let kind = PolicyKind(name: policy) else { throw ValidationError("unknown policy \(policy)") }
        config.policy = kind
        config.threads = max(1, threads)
        config.limit = GCRALimit(ratePerSecond: rate, burst: burst)
        config.admission.capacityPerReplica = capacity
        guard let mode = SessionAffinity.Mode(rawValue: affinity) else { throw ValidationError("--affinity takes off, cookie or header") }
        config.affinity.mode = mode
        config.healthPath = healthPath
        config.maxRetries = retries
        if noLimiter { config.flags.limiter.enabled = false }
        config.jwtSecret = env["WAVE3_JWT_SECRET"]
        config.jwtPreviousSecret = env["WAVE3_JWT_PREVIOUS_SECRET"]
        config.adminToken = env["BALANCER_ADMIN_TOKEN"]
        config.production = env["WAVE3_ENV"] == "production"
        config.adminHosts = (env["BALANCER_ADMIN_HOSTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        config.databaseURL = env["BALANCER_DATABASE_URL"]
        try await BalancerRunner.run(config)
    }
}
