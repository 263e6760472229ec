import Foundation

/// One simulated replica: `workers` servers in front of a FIFO queue. A request's whole fate is
/// fixed when it arrives (FIFO with k servers: it takes the worker that frees first), so the
/// simulation needs no per-replica events, only the response the balancer waits for.
struct ReplicaModel {
    enum Fate {
        /// Connection refused: the replica is down.
        case refused
        /// Answered at `at` (nanoseconds).
        case answered(at: Int64)
        /// Lost when the replica died at `at` (connection reset).
        case lost(at: Int64)
    }

    let spec: ReplicaSpec
    private var freeAt: [Int64]
    private var rng: SimRandom
    private var degrades: [(from: Double, to: Double, factor: Double)] = []
    private var fixed: [(from: Int64, to: Int64, ns: Int64)] = []
    private var stalls: [(period: Int64, pause: Int64, offset: Int64)] = []
    private var downs: [(from: Int64, to: Int64)] = []

    init(spec: ReplicaSpec, index: Int, perturbations: [Perturbation], seed: UInt64) {
        self.spec = spec
        freeAt = Array(repeating: 0, count: max(1, spec.workers))
        rng = SimRandom(seed: seed, stream: 100 + UInt64(index))
        for p in perturbations {
            switch p {
            case .degrade(let r, let from, let to, let factor) where r == index:
                degrades.append((from, to, factor))
            case .fixedLatency(let r, let from, let to, let ms) where r == index:
                fixed.append((Int64(from * 1e9), Int64(to * 1e9), Int64(ms * 1e6)))
            case .stall(let r, let period, let pause, let offset) where r == index:
                stalls.append((Int64(period * 1e6), Int64(pause * 1e6), Int64(offset * 1e6)))
            case .down(let r, let from, let to) where r == index:
                downs.append((Int64(from * 1e9), Int64(to * 1e9)))
            default: break
            }
        }
    }

    private func slowdown(at s: Double) -> Double {
        var f = 1.0
        for d in degrades where s > d.from {
            let x = min(1, (s - d.from) / max(d.to - d.from, 1e-9))
            f *= 1 + (d.factor - 1) * x
        }
        return f
    }

    /// The end of `work` nanoseconds of service started at `start`, skipping the pauses.
    private func finish(start: Int64, work: Int64) -> Int64 {
        var t = start
        for s in stalls {
            // Each stall series is applied in turn; one series per replica is the usual case.
            var remaining = t - start + work
            t = start
            while remaining > 0 {
                let k = (t - s.offset) >= 0 ? (t - s.offset) / s.period : -1
                let ws = s.offset + k * s.period
                if k >= 0, t >= ws, t < ws + s.pause { t = ws + s.pause; continue }
                let nextPause = k >= 0 ? ws + s.period : s.offset
                if t + remaining <= nextPause { t += remaining; remaining = 0 } else {
                    remaining -= nextPause - t
                    t = nextPause + s.pause
                }
            }
        }
        return stalls.isEmpty ? start + work : t
    }

    mutating func serve(arrival: Int64) -> Fate {
        for d in downs where arrival >= d.from && arrival < d.to { return .refused }
        var w = 0
        for i in 1..<freeAt.count where freeAt[i] < freeAt[w] { w = i }
        let start = max(arrival, freeAt[w])
        var work: Int64
        if let f = fixed.first(where: { arrival >= $0.from && arrival < $0.to }) {
            work = f.ns
        } else {
            var ms = rng.lognormal(mean: spec.meanServiceMs, sigma: spec.sigma)
            if spec.heavyTailShare > 0, rng.uniform() < spec.heavyTailShare { ms *= rng.pareto(shape: 1.5) }
            work = Int64(ms * 1e6 * slowdown(at: Double(start) / 1e9) / spec.speed)
        }
        let end = finish(start: start, work: max(1, work))
        for d in downs where d.from > arrival && d.from < end {
            freeAt[w] = d.to
            return .lost(at: d.from)
        }
        freeAt[w] = end
        return .answered(at: end)
    }
}
