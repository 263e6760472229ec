import Foundation

/// Mean excess latency of one replica's responses, with evidence decaying over time: a
/// time-weighted average (Σ w·excess / Σ w), so a burst of stall victims moves it, ordinary
/// responses (excess 0) pull it back down, and `stamp` lets the reader fade it when the replica
/// has not answered for a while.
struct StallRisk: Sendable, Equatable {
    var excess = 0.0
    var weight = 0.0
    var stamp: Int64 = 0
    private(set) var mean = 0.0

    mutating func observe(_ excessMs: Double, now: Int64, tau: Double) {
        if stamp != 0, now > stamp {
            let w = exp(-Double(now - stamp) / tau)
            excess *= w
            weight *= w
        }
        stamp = max(stamp, now)
        excess += excessMs
        weight += 1
        mean = excess / weight
    }
}
