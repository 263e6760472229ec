import Foundation

/// Learns `DifficultyClassifier` weights from labelled examples by penalised maximum likelihood.
public struct DifficultyClassifierTrainer: Sendable {
    /// L2 penalty on the standardised weights (biases are not penalised).
    public var l2: Double
    public var maxIterations: Int

    public init(l2: Double = 1.0, maxIterations: Int = 50) {
        self.l2 = l2
        self.maxIterations = maxIterations
    }

    /// Fits on `(features, level)` pairs by Newton's method on the softmax log-likelihood, with
    /// beginner as the reference class. With fewer than two distinct levels there is nothing to
    /// separate and `DifficultyClassifier.default` is returned.
    public func fit(_ examples: [(features: DifficultyFeatures, level: DifficultyLevel)]) -> DifficultyClassifier {
        guard Set(examples.map(\.level)).count >= 2 else { return .default }
        let d = DifficultyClassifier.dimension
        let levels = DifficultyLevel.allCases.count
        let free = levels - 1
        let block = d + 1 // weights then bias for each non-reference class
        let m = free * block
        let n = examples.count

        let raw = examples.map { DifficultyClassifier.inputs($0.features) }
        var means = [Double](repeating: 0, count: d), scales = [Double](repeating: 0, count: d)
        for x in raw { for j in 0..<d { means[j] += x[j] / Double(n) } }
        for x in raw { for j in 0..<d { scales[j] += (x[j] - means[j]) * (x[j] - means[j]) / Double(n) } }
        for j in 0..<d { let s = scales[j].squareRoot(); scales[j] = s > 1e-12 ? s : 1 }
        let xs = raw.map { x in (0..<d).map { (x[$0] - means[$0]) / scales[$0] } + [1] }
        let ys = examples.map { $0.level.ordinal }

        var beta = [Double](repeating: 0, count: m)
        for _ in 0..<maxIterations {
            var gradient = [Double](repeating: 0, count: m)
            var hessian = [Double](repeating: 0, count: m * m)
            for (x, y) in zip(xs, ys) {
                var logits = [0.0]
                for a in 0..<free {
                    var z = 0.0
                    for j in 0..<block { z += beta[a * block + j] * x[j] }
                    logits.append(z)
                }
                let mx = logits.max()!
                var p = logits.map { exp($0 - mx) }
                let total = p.reduce(0, +)
                for k in 0..<levels { p[k] /= total }
                for a in 0..<free {
                    let residual = p[a + 1] - (y == a + 1 ? 1 : 0)
                    for j in 0..<block { gradient[a * block + j] += residual * x[j] }
                    for b in 0..<free {
                        let w = p[a + 1] * ((a == b ? 1 : 0) - p[b + 1])
                        for j in 0..<block {
                            let wj = w * x[j]
                            for k in 0..<block { hessian[(a * block + j) * m + b * block + k] += wj * x[k] }
                        }
                    }
                }
            }
            for a in 0..<free {
                for j in 0..<block {
                    let i = a * block + j
                    let penalty = j < d ? l2 : 1e-9
                    gradient[i] += penalty * beta[i]
                    hessian[i * m + i] += penalty
                }
            }
            guard let step = DenseLinearAlgebra.solveSymmetricPositiveDefinite(hessian, gradient, n: m) else { break }
            var largest = 0.0
            for i in 0..<m { beta[i] -= step[i]; largest = max(largest, abs(step[i])) }
            if largest < 1e-8 { break }
        }
        var weights = [Double](repeating: 0, count: levels * d)
        var biases = [Double](repeating: 0, count: levels)
        for a in 0..<free {
            for j in 0..<d { weights[(a + 1) * d + j] = beta[a * block + j] }
            biases[a + 1] = beta[a * block + d]
        }
        return DifficultyClassifier(means: means, scales: scales, weights: weights, biases: biases)
    }
}
