import Foundation

/// PPO's actor: a small network that scores one replica from its own features, so one set of
/// weights ranks any number of replicas. logit = u·φ + Σₕ vₕ·tanh(Wₕ·φ + bₕ); the linear skip
/// term lets it start from a sensible ranking and the hidden layer learn what the features miss.
struct ScoringNetwork: Sendable, Equatable {
    static let hidden = 8
    static let count = 8 + hidden * 8 + hidden + hidden

    /// u (8), W (hidden × 8, row-major), b (hidden), v (hidden).
    var w: [Double]

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        w = Array(repeating: 0, count: Self.count)
        // Start close to "cheapest mean latency × (RIF + 1), avoid silence and errors".
        let start: [Double] = [0, 0, 0, -3, 0, -2, -5, 0]
        for k in 0..<8 { w[k] = start[k] }
        for k in 8..<(8 + Self.hidden * 8) { w[k] = (Double(rng.next() % 2001) / 1000 - 1) * 0.3 }
        for k in (Self.count - Self.hidden)..<Self.count { w[k] = (Double(rng.next() % 2001) / 1000 - 1) * 0.1 }
    }

    init(weights: [Double]) { w = weights }

    @inline(__always)
    func logit(_ phi: SIMD8<Double>) -> Double {
        var out = 0.0
        for k in 0..<8 { out += w[k] * phi[k] }
        let h = Self.hidden
        for j in 0..<h {
            var z = w[8 + h * 8 + j]
            let row = 8 + j * 8
            for k in 0..<8 { z += w[row + k] * phi[k] }
            out += w[8 + h * 8 + h + j] * tanh(z)
        }
        return out
    }

    /// Adds `scale` × ∂logit/∂w at φ into `grad`.
    func accumulateGradient(_ phi: SIMD8<Double>, scale: Double, into grad: inout [Double]) {
        for k in 0..<8 { grad[k] += scale * phi[k] }
        let h = Self.hidden
        for j in 0..<h {
            var z = w[8 + h * 8 + j]
            let row = 8 + j * 8
            for k in 0..<8 { z += w[row + k] * phi[k] }
            let t = tanh(z)
            let vj = w[8 + h * 8 + h + j]
            let dz = scale * vj * (1 - t * t)
            for k in 0..<8 { grad[row + k] += dz * phi[k] }
            grad[8 + h * 8 + j] += dz
            grad[8 + h * 8 + h + j] += scale * t
        }
    }
}
