import Foundation

/// One scenario × policy run, in the shape `--json` prints.
public struct SimulationResult: Sendable, Codable, Equatable {
    public var scenario: String
    public var policy: String
    public var seed: UInt64
    public var requests: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    /// Successful responses per second of simulated time.
    public var throughput: Double
    public var errors: Int
    public var timeouts: Int
    public var successRate: Double
    /// Attempts lost without a response (replica died mid-request) that were retried elsewhere,
    /// as the live proxy does for idempotent requests within its retry budget.
    public var retried: Int
    /// Share of attempts each replica received.
    public var traffic: [Double]
    /// Latency at the quantiles the chart draws (ms), see `SimulationRecorder.chartQuantiles`.
    public var curve: [Double]
}

/// Collects the client-side view of a run: latency of every request (failures at the time the
/// client learnt of them), errors, timeouts.
struct SimulationRecorder {
    enum Outcome { case success, error, timeout }

    static let chartQuantiles: [Double] = [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9995, 0.9999]

    private var latencies: [Float] = []
    private var errors = 0
    private var timeouts = 0
    private var successes = 0
    private var routedCounts: [Int] = []
    var retried = 0
    var clock: Int64 = 0

    init(requests: Int) { latencies.reserveCapacity(requests) }

    mutating func routed(to replica: Int) {
        while routedCounts.count <= replica { routedCounts.append(0) }
        routedCounts[replica] += 1
    }

    mutating func finish(latency: Int64, outcome: Outcome) {
        latencies.append(Float(Double(latency) / 1e6))
        switch outcome {
        case .success: successes += 1
        case .error: errors += 1
        case .timeout: timeouts += 1
        }
    }

    func result(scenario: String, policy: String, seed: UInt64) -> SimulationResult {
        let sorted = latencies.sorted()
        func q(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))])
        }
        let total = max(1, latencies.count)
        let attempts = max(1, routedCounts.reduce(0, +))
        return SimulationResult(scenario: scenario, policy: policy, seed: seed, requests: latencies.count,
                                p50: q(0.5), p95: q(0.95), p99: q(0.99), p999: q(0.999),
                                throughput: clock > 0 ? Double(successes) / (Double(clock) / 1e9) : 0,
                                errors: errors, timeouts: timeouts, successRate: Double(successes) / Double(total), retried: retried,
                                traffic: routedCounts.map { Double($0) / Double(attempts) },
                                curve: Self.chartQuantiles.map(q))
    }
}
