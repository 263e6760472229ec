import ArgumentParser
import Balancer
import BalancerSim
import Foundation

// Synchronous commands: `serve` blocks its main thread on a semaphore (BalancerRunner.runBlocking),
// not in the `dispatch_main` an async main parks in.
@main
struct RLBalancer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-balancer",
        abstract: "Reverse proxy in front of the wave3 replicas: limiter, reputation, anomaly detection, routing policies.",
        subcommands: [Serve.self, Simulate.self, Train.self],
        defaultSubcommand: Serve.self)
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the balancer.")

    @Option(help: "Public listener, host:port.") var listen = "127.0.0.1:8080"
    @Option(help: "Admin listener, host:port.") var admin = "127.0.0.1:9090"
    @Option(name: .customLong("upstream"), help: "Replica host:port (repeatable). Default: $BALANCER_UPSTREAMS, else 127.0.0.1:8081,127.0.0.1:8082.")
    var upstreams: [String] = []
    @Option(help: "File with one host:port per line, reloaded when it changes.") var upstreamFile: String?
    @Option(help: "round_robin | random | least_connections | p2c_peak_ewma | prequal | linucb | linear_q | ppo") var policy = "p2c_peak_ewma"
    @Option(help: "Model file for a learning policy (rl-balancer train).") var model: String?
    @Option(help: "Event loop threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Requests per second per client.") var rate = 200.0
    @Option(help: "Burst per client.") var burst = 100
    @Option(help: "Session affinity: off | cookie | header.") var affinity = "off"
    @Option(help: "Health check path.") var healthPath = "/health/ready"
    @Option(help: "Retries for idempotent requests.") var retries = 2
    @Option(help: "In-flight requests per replica before lower priority classes are shed.") var capacity = 256
    @Flag(help: "Disable the limiter (rollout 0 %).") var noLimiter = false

    func run() throws {
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
        if let model { try ModelStore.shared.load(path: model) }
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
        config.redisURL = env["BALANCER_REDIS_URL"]
        if let ms = env["BALANCER_REDIS_SYNC_MS"] {
            guard let value = Double(ms), value >= 0.1, value <= 1000 else { throw ValidationError("BALANCER_REDIS_SYNC_MS takes milliseconds, 0.1 to 1000") }
            config.limiterSyncInterval = .nanoseconds(Int64(value * 1e6))
        }
        try BalancerRunner.runBlocking(config)
    }
}


struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run routing policies through the simulated scenario suite.")

    @Option(name: .customLong("scenario"), help: "Scenario (repeatable; default all): \(ScenarioSuite.names.joined(separator: ", ")).")
    var scenarios: [String] = []
    @Option(name: .customLong("policy"), help: "Policy (repeatable; default all).") var policies: [String] = []
    @Option(help: "Seed; every policy sees the same arrivals and service times.") var seed: UInt64 = 1
    @Option(help: "Requests per scenario.") var requests = ScenarioSuite.defaultRequests
    @Option(name: .customLong("model"), help: "Model file for a learning policy (repeatable).") var models: [String] = []
    @Option(help: "Where to write the SVG chart.") var chart = "simulation.svg"
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "No progress bar.") var quiet = false

    func run() throws {
        var r = try SimulationSuiteRunner(scenarioNames: scenarios, policyNames: policies, seed: seed, requests: requests, modelPaths: models)
        r.showProgress = !quiet
        let results = try r.run()
        try Data(LatencyChart.svg(results).utf8).write(to: URL(fileURLWithPath: chart))
        print(json ? SimulationSuiteRunner.json(results) : SimulationSuiteRunner.table(results) + "\nchart: \(chart)")
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a learning policy in the simulator and write its model file.")

    @Option(help: "linucb | linear_q | ppo") var policy = "linucb"
    @Option(name: .customLong("scenarios"), parsing: .upToNextOption, help: "Training scenarios (default: heterogeneous degrading stalls homogeneous).")
    var scenarios: [String] = []
    @Option(help: "Training seed (keep it different from the evaluation seed).") var seed: UInt64 = 1000
    @Option(help: "Requests per scenario.") var requests = 100_000
    @Option(help: "Passes over the scenarios (linear_q, ppo).") var episodes = 2
    @Option(help: "Output file.") var out = "model.json"

    func run() throws {
        guard let kind = PolicyKind(name: policy) else { throw ValidationError("unknown policy \(policy)") }
        let list = try ScenarioSuite.resolve(scenarios.isEmpty ? ["heterogeneous", "degrading", "stalls", "homogeneous"] : scenarios, requests: requests)
        var t = Trainer(policy: kind, scenarios: list, seed: seed)
        t.episodes = max(1, episodes)
        t.log = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let model = try t.train()
        try model.encoded().write(to: URL(fileURLWithPath: out))
        for r in model.results { print(String(format: "%-14@ p50 %7.2f  p99 %8.2f  p99.9 %8.2f  errors %d", r.scenario as NSString, r.p50, r.p99, r.p999, r.errors)) }
        print("model: \(out)")
    }
}

