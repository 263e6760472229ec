import Foundation

/// One replica's pauses (GC-like stalls) as the balancer sees them: a silence with requests
/// outstanding starts one, the next response ends it. When the starts keep to a regular period
/// (JVM-style collections under a steady allocation rate), the next pause is predicted, so a
/// request is not sent where it would be trapped: a stall is otherwise visible only once it has
/// already caught the requests in service. Irregular pauses switch the prediction off.
struct StallClock: Sendable, Equatable {
    enum Phase: Sendable, Equatable {
        case running
        case stalled(since: Int64)
    }

    var phase = Phase.running
    /// Start of the last observed pause, ns; 0 before the first.
    var lastStart: Int64 = 0
    /// End of the last observed pause, ns.
    var lastEnd: Int64 = 0
    /// Estimated period between pause starts and its mean absolute deviation, ns.
    var period = 0.0
    var deviation = 0.0
    /// Estimated pause length, ns.
    var pause = 0.0
    /// Consecutive starts that matched the period.
    var regular = 0

    /// Starts needed on the period before predicting, and the tolerance (share of the period).
    static let needed = 3
    static let tolerance = 0.08

    var isPredicting: Bool { regular >= Self.needed && period > 0 }

    /// A silence was seen that began at `start` (the replica's last response).
    mutating func stallSeen(start: Int64) {
        guard case .running = phase else { return }
        phase = .stalled(since: start)
        guard lastStart > 0, start > lastStart else { lastStart = start; return }
        let gap = Double(start - lastStart)
        if period > 0 {
            // Pauses the balancer did not see (nothing outstanding) still count: match the gap to
            // a whole number of periods.
            // The error is on the whole gap, not per period: divided by k, any long gap
            // would match some period by chance.
            let k = max(1, (gap / period).rounded())
            let err = abs(gap - k * period)
            if k <= 4, err <= Self.tolerance * period {
                period += (gap / k - period) * 0.25
                deviation += (err / k - deviation) * 0.25
                regular += 1
                lastStart = start
                return
            }
            // One odd silence does not break a lock held for several periods.
            if regular > 1 {
                regular -= 1
                return
            }
        }
        period = gap
        deviation = 0
        regular = 1
        lastStart = start
    }

    /// A response arrived at `t`: a pause under way is over.
    mutating func responded(at t: Int64) {
        guard case .stalled(let since) = phase, t > since else { return }
        phase = .running
        lastEnd = t
        let length = Double(t - since)
        pause = pause == 0 ? length : pause + (length - pause) * 0.25
    }

    /// Extra latency, ms, a request sent at `now` and expected to take `serviceMs` would suffer
    /// from the next predicted pause: the rest of the pause if it would still be in service
    /// when the pause starts (with a margin for the estimate's error) or if a pause is due now.
    @inline(__always)
    func predictedDelayMs(now: Int64, serviceMs: Double) -> Double {
        guard isPredicting, case .running = phase else { return 0 }
        let since = Double(now - lastStart)
        let into = since.truncatingRemainder(dividingBy: period)
        let margin = deviation + 0.01 * period
        let pauseEnd = pause + margin
        // Inside a predicted pause, unless it was seen and has ended already.
        if into < pauseEnd { return lastEnd > lastStart && since < period ? 0 : (pauseEnd - into) / 1e6 }
        let untilNext = period - into
        if untilNext - margin < serviceMs * 1e6 { return (untilNext + pauseEnd) / 1e6 }
        return 0
    }
}
