/// The last `capacity` latencies (ms) in a ring: p99 of a recent window for the guardrail and the
/// samples of the A/B significance test. Fixed memory, O(1) to add.
struct LatencyWindow: Sendable {
    private(set) var samples: [Double]
    private var next = 0
    private(set) var count = 0

    init(capacity: Int = 1000) {
        samples = Array(repeating: 0, count: capacity)
    }

    mutating func add(_ ms: Double) {
        samples[next] = ms
        next = (next + 1) % samples.count
        count = min(count + 1, samples.count)
    }

    var values: ArraySlice<Double> { samples[0..<count] }

    func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let s = values.sorted()
        return s[min(count - 1, Int(Double(count) * q))]
    }

    mutating func reset() {
        next = 0
        count = 0
    }
}
