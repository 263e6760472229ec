import Foundation

/// One replica's latency estimate merged over the event loops: each loop's peak-EWMA estimate
/// weighted by exp(-age / decay), age measured from the freshest loop's last sample, with the
/// time constant the estimate itself decays with. A loop that has not sampled the replica for a
/// minute weighs e^-6 of one that just did; loops that sampled at the same time count equally.
/// Measuring age from the freshest sample rather than from now keeps the weights from all
/// underflowing when the replica has been idle everywhere.
struct LatencyMerge {
    struct Sample: Sendable {
        var estimateNanos: Double
        /// 0 when this loop never measured the replica.
        var stampNanos: Int64
        var decayNanos: Double
    }

    private var measured: [Sample] = []
    private var unmeasured: [Double] = []

    mutating func add(_ s: Sample) {
        if s.stampNanos == 0 { unmeasured.append(s.estimateNanos) } else { measured.append(s) }
    }

    /// Nil when no loop reported the replica.
    var estimateNanos: Double? {
        guard let newest = measured.map(\.stampNanos).max() else {
            return unmeasured.isEmpty ? nil : unmeasured.reduce(0, +) / Double(unmeasured.count)
        }
        var num = 0.0, den = 0.0
        for s in measured {
            let w = exp(-Double(newest - s.stampNanos) / max(s.decayNanos, 1))
            num += w * s.estimateNanos
            den += w
        }
        return num / den
    }
}
