import Foundation

/// A small, fast, deterministic pseudo-random generator (xoshiro256** seeded through SplitMix64).
///
/// Simulations and tests must be reproducible from a seed, which `SystemRandomNumberGenerator`
/// cannot give; xoshiro256** is the generator most numeric libraries default to and is cheap
/// enough that the simulator's cost is dominated by the models, not the dice.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        // SplitMix64 spreads a possibly low-entropy seed over the 256-bit state, as the xoshiro
        // authors recommend; it also guarantees the state is never all zero.
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// A standard normal draw (Box–Muller; the second value is discarded to keep the state simple).
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        var u = nextUnit()
        while u <= .leastNormalMagnitude { u = nextUnit() }
        let v = nextUnit()
        return mean + standardDeviation * (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    /// A uniform integer in `0..<upperBound`.
    public mutating func index(_ upperBound: Int) -> Int {
        Int(next(upperBound: UInt64(upperBound)))
    }

    /// A Poisson draw (Knuth's method; the simulator only needs small means).
    public mutating func poisson(_ mean: Double) -> Int {
        let limit = Foundation.exp(-mean)
        var k = 0
        var p = nextUnit()
        while p > limit { k += 1; p *= nextUnit() }
        return k
    }
}
