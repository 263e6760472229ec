import Foundation

/// Linkerd's peak-EWMA latency estimate: a new sample above the estimate replaces it at once
/// (react to slowness immediately), a sample below it decays in with time constant `decay`
/// (recover cautiously). An unmeasured replica starts at a pessimistic default instead of zero,
/// so a fresh replica is not flooded before it has shown its latency.
public struct PeakEWMA: Sendable, Equatable {
    public static let defaultRTTNanos: Double = 30_000_000
    public static let defaultDecayNanos: Double = 10_000_000_000

    public private(set) var estimateNanos: Double
    public private(set) var stampNanos: Int64
    public let decayNanos: Double

    public init(initialNanos: Double = PeakEWMA.defaultRTTNanos, decayNanos: Double = PeakEWMA.defaultDecayNanos) {
        self.estimateNanos = initialNanos
        self.stampNanos = 0
        self.decayNanos = decayNanos
    }

    public mutating func observe(rttNanos: Double, now: Int64) {
        if rttNanos > estimateNanos || stampNanos == 0 {
            estimateNanos = stampNanos == 0 ? rttNanos : rttNanos
        } else {
            let elapsed = Double(max(0, now - stampNanos))
            let w = exp(-elapsed / decayNanos)
            estimateNanos = estimateNanos * w + rttNanos * (1 - w)
        }
        stampNanos = now
    }

    /// Linkerd's load: latency estimate weighted by the requests already waiting on it.
    @inline(__always)
    public func cost(inflight: Int) -> Double {
        estimateNanos * Double(inflight + 1)
    }

    /// The estimate as tower's `PeakEwma` reads it: decayed towards zero for the time without a
    /// sample, so a replica that stopped getting traffic (it was slow once, or just came back)
    /// looks cheaper and cheaper until it is tried again instead of being starved forever.
    @inline(__always)
    public func cost(inflight: Int, now: Int64) -> Double {
        guard stampNanos != 0, now > stampNanos else { return cost(inflight: inflight) }
        return estimateNanos * exp(-Double(now - stampNanos) / decayNanos) * Double(inflight + 1)
    }
}
