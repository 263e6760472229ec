import Foundation

/// Arrival times of a (possibly time-varying) Poisson process, by thinning a process at the
/// peak rate: exact for any rate function bounded by that peak.
struct ArrivalGenerator {
    private let process: ArrivalProcess
    private let peak: Double
    private var rng: SimRandom
    private var t = 0.0

    init(_ process: ArrivalProcess, seed: UInt64) {
        self.process = process
        self.rng = SimRandom(seed: seed, stream: 1)
        switch process {
        case .poisson(let r): peak = r
        case .bursty(let r, let b, _, _): peak = max(r, b)
        case .diurnal(let r, let a, _): peak = r * (1 + abs(a))
        case .flashCrowd(let r, let p, _, _, _): peak = max(r, p)
        }
    }

    /// Rate at time `s` seconds.
    func rate(at s: Double) -> Double {
        switch process {
        case .poisson(let r): return r
        case .bursty(let r, let b, let on, let off):
            let phase = (s * 1000).truncatingRemainder(dividingBy: on + off)
            return phase < on ? b : r
        case .diurnal(let r, let a, let period):
            return max(0, r * (1 + a * sin(2 * Double.pi * s / period)))
        case .flashCrowd(let r, let p, let start, let rampEnd, let end):
            if s < start || s >= end { return r }
            if s >= rampEnd { return p }
            return r + (p - r) * (s - start) / max(rampEnd - start, 1e-9)
        }
    }

    /// The next arrival, in nanoseconds of simulated time.
    mutating func next() -> Int64 {
        while true {
            t += rng.exponential(mean: 1 / peak)
            if case .poisson = process { break }
            if rng.uniform() * peak <= rate(at: t) { break }
        }
        return Int64(t * 1e9)
    }
}
