/// A simulated replica: a pool of workers in front of one FIFO queue, serving lognormal times with
/// an optional heavy (Pareto) tail, scaled by the replica's speed (2 = twice as fast).
public struct ReplicaSpec: Sendable, Codable, Equatable {
    public var workers: Int
    public var meanServiceMs: Double
    /// Lognormal shape: 0.5 gives a p99 about 2.9 times the median.
    public var sigma: Double
    /// Share of requests whose time is multiplied by a Pareto(α = 1.5) draw; 0 for none.
    public var heavyTailShare: Double
    public var speed: Double

    public init(workers: Int = 4, meanServiceMs: Double = 10, sigma: Double = 0.5, heavyTailShare: Double = 0, speed: Double = 1) {
        self.workers = workers
        self.meanServiceMs = meanServiceMs
        self.sigma = sigma
        self.heavyTailShare = heavyTailShare
        self.speed = speed
    }
}

/// Something that happens to one replica during a run. Times in seconds of simulated time.
public enum Perturbation: Sendable, Codable, Equatable {
    /// Service times grow linearly from ×1 at `from` to ×`factor` at `to`, and stay there.
    case degrade(replica: Int, from: Double, to: Double, factor: Double)
    /// Every request arriving in the window takes exactly `ms` (Linkerd's "answers in 2 s").
    case fixedLatency(replica: Int, from: Double, to: Double, ms: Double)
    /// GC-like pauses: nothing is served for `pauseMs` every `periodMs`, starting at `offsetMs`.
    case stall(replica: Int, periodMs: Double, pauseMs: Double, offsetMs: Double)
    /// The replica is down: connections are refused and requests in service are lost.
    case down(replica: Int, from: Double, to: Double)
}

/// How requests arrive. Rates in requests per second of simulated time.
public enum ArrivalProcess: Sendable, Codable, Equatable {
    case poisson(rate: Double)
    /// On/off: `burstRate` for `onMs`, `rate` for `offMs`, repeating.
    case bursty(rate: Double, burstRate: Double, onMs: Double, offMs: Double)
    /// Sinusoidal day compressed into `periodS`: rate × (1 + amplitude · sin).
    case diurnal(rate: Double, amplitude: Double, periodS: Double)
    /// `rate`, then a ramp to `peak` between `start` and `rampEnd`, held until `end`, then `rate`.
    case flashCrowd(rate: Double, peak: Double, start: Double, rampEnd: Double, end: Double)
}

public struct Scenario: Sendable, Codable, Equatable {
    public var name: String
    public var summary: String
    public var replicas: [ReplicaSpec]
    public var perturbations: [Perturbation]
    public var arrivals: ArrivalProcess
    public var requests: Int
    /// The client gives up after this long (a failure the balancer sees as status 0).
    public var timeoutMs: Double?
    /// Network round trip added to every answer.
    public var networkMs: Double

    public init(name: String, summary: String, replicas: [ReplicaSpec], perturbations: [Perturbation] = [], arrivals: ArrivalProcess,
                requests: Int, timeoutMs: Double? = nil, networkMs: Double = 0.2) {
        self.name = name
        self.summary = summary
        self.replicas = replicas
        self.perturbations = perturbations
        self.arrivals = arrivals
        self.requests = requests
        self.timeoutMs = timeoutMs
        self.networkMs = networkMs
    }

    /// The same scenario with another request count (tests, quick runs).
    public func with(requests: Int) -> Scenario {
        var s = self
        s.requests = requests
        return s
    }
}
