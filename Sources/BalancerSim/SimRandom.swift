import Balancer
import Foundation

/// Seeded draws for the simulator: one stream per purpose so a policy's choices never shift the
/// arrival or service-time sequence another policy sees with the same seed.
struct SimRandom {
    private var g: SplitMix64

    init(seed: UInt64, stream: UInt64) {
        g = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xD1B5_4A32_D192_ED03)
    }

    /// Uniform in (0, 1), never 0 so logarithms stay finite.
    mutating func uniform() -> Double {
        (Double(g.next() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    mutating func exponential(mean: Double) -> Double {
        -log(uniform()) * mean
    }

    mutating func normal() -> Double {
        sqrt(-2 * log(uniform())) * cos(2 * Double.pi * uniform())
    }

    /// Lognormal with the given mean (not median).
    mutating func lognormal(mean: Double, sigma: Double) -> Double {
        exp(log(mean) - sigma * sigma / 2 + sigma * normal())
    }

    mutating func pareto(shape: Double) -> Double {
        pow(uniform(), -1 / shape)
    }
}
