/// The scenario suite the bars are judged on. Every replica is 4 workers with a 10 ms mean
/// lognormal service time (σ = 0.5) unless said otherwise: 400 requests/s at speed 1, so the
/// arrival rates below put the cluster at 70–85 % utilisation, where routing matters.
public enum ScenarioSuite {
    public static let defaultRequests = 200_000

    static func replica(speed: Double = 1, tail: Double = 0) -> ReplicaSpec {
        ReplicaSpec(workers: 4, meanServiceMs: 10, sigma: 0.5, heavyTailShare: tail, speed: speed)
    }

    public static func all(requests: Int = defaultRequests) -> [Scenario] {
        [
            Scenario(name: "homogeneous", summary: "4 equal replicas, Poisson arrivals at 75 % load",
                     replicas: Array(repeating: replica(), count: 4), arrivals: .poisson(rate: 1200), requests: requests),
            Scenario(name: "heterogeneous", summary: "3 replicas with speeds 1:2:4 and a 1 % heavy tail, 75 % load",
                     replicas: [replica(speed: 1, tail: 0.01), replica(speed: 2, tail: 0.01), replica(speed: 4, tail: 0.01)],
                     arrivals: .poisson(rate: 2100), requests: requests),
            Scenario(name: "degrading", summary: "4 replicas, one slows steadily to ×4 between 20 s and 120 s, diurnal arrivals",
                     replicas: Array(repeating: replica(), count: 4),
                     perturbations: [.degrade(replica: 0, from: 20, to: 120, factor: 4)],
                     arrivals: .diurnal(rate: 1000, amplitude: 0.15, periodS: 60), requests: requests),
            Scenario(name: "stalls", summary: "4 replicas, one pauses 100 ms every 500 ms (GC-like), 65 % load",
                     replicas: Array(repeating: replica(), count: 4),
                     perturbations: [.stall(replica: 0, periodMs: 500, pauseMs: 100, offsetMs: 250)],
                     arrivals: .poisson(rate: 1040), requests: requests),
            Scenario(name: "flash-crowd", summary: "4 replicas, 800/s ramping to 1450/s at 60–70 s, held to 120 s",
                     replicas: Array(repeating: replica(), count: 4),
                     arrivals: .flashCrowd(rate: 800, peak: 1450, start: 60, rampEnd: 70, end: 120), requests: requests),
            Scenario(name: "failure", summary: "4 replicas, one down from 30 s to 60 s, bursty arrivals",
                     replicas: Array(repeating: replica(), count: 4),
                     perturbations: [.down(replica: 1, from: 30, to: 60)],
                     arrivals: .bursty(rate: 900, burstRate: 1300, onMs: 200, offMs: 800), requests: requests),
            Scenario(name: "linkerd-2016", summary: "11 replicas, one answers in 2 s from 20 s to 50 s, 1 s client timeout",
                     replicas: Array(repeating: replica(), count: 11),
                     perturbations: [.fixedLatency(replica: 3, from: 20, to: 50, ms: 2000)],
                     arrivals: .poisson(rate: 2500), requests: requests, timeoutMs: 1000),
        ]
    }

    public static func named(_ name: String, requests: Int = defaultRequests) -> Scenario? {
        all(requests: requests).first { $0.name == name.lowercased() }
    }

    public static var names: [String] { all(requests: 1).map(\.name) }
}
