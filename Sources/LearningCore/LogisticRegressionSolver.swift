import Foundation

/// Binary logistic regression with an L2 penalty, fitted by Newton's method (IRLS).
///
/// With a handful of features Newton converges in under ten iterations to the exact penalised
/// optimum, which L-BFGS or gradient descent would only approach; the Hessian is tiny.
enum LogisticRegressionSolver {
    struct Fit {
        var weights: [Double]
        var intercept: Double
        var iterations: Int
    }

    /// `x` is row-major n × d. The intercept is not penalised (shrinking it would bias the base rate).
    static func fit(x: [Double], y: [Bool], dimension d: Int, l2: Double, maxIterations: Int = 50) -> Fit {
        fit(x: x, targets: y.map { $0 ? 1 : 0 }, dimension: d, l2: l2, maxIterations: maxIterations)
    }

    /// Soft targets in [0, 1]: the cross-entropy against a probability rather than a 0/1 label
    /// (the same Newton step; only the residual changes).
    static func fit(x: [Double], targets y: [Double], dimension d: Int, l2: Double, maxIterations: Int = 50) -> Fit {
        let n = y.count
        precondition(x.count == n * d)
        let m = d + 1 // last parameter is the intercept
        var beta = [Double](repeating: 0, count: m)
        let positives = y.reduce(0, +)
        // Starting at the base rate's log-odds saves iterations and keeps the first step small.
        beta[d] = Logistic.logit(positives / Double(max(n, 1)), epsilon: 1e-3)
        var gradient = [Double](repeating: 0, count: m)
        var hessian = [Double](repeating: 0, count: m * m)
        var iterations = 0
        for _ in 0..<maxIterations {
            iterations += 1
            for i in 0..<m { gradient[i] = 0 }
            for i in 0..<(m * m) { hessian[i] = 0 }
            x.withUnsafeBufferPointer { xs in
                for r in 0..<n {
                    let row = xs.baseAddress! + r * d
                    var z = beta[d]
                    for j in 0..<d { z += beta[j] * row[j] }
                    let p = Logistic.sigmoid(z)
                    let residual = p - y[r]
                    let w = max(p * (1 - p), 1e-10)
                    for j in 0..<d {
                        gradient[j] += residual * row[j]
                        let wj = w * row[j]
                        for k in 0...j { hessian[j * m + k] += wj * row[k] }
                        hessian[d * m + j] += wj
                    }
                    gradient[d] += residual
                    hessian[d * m + d] += w
                }
            }
            for j in 0..<d {
                gradient[j] += l2 * beta[j]
                hessian[j * m + j] += l2
            }
            hessian[d * m + d] += 1e-9
            // Only the lower triangle was accumulated.
            for j in 0..<m { for k in 0..<j { hessian[k * m + j] = hessian[j * m + k] } }
            guard let step = DenseLinearAlgebra.solveSymmetricPositiveDefinite(hessian, gradient, n: m) else { break }
            var largest = 0.0
            for j in 0..<m {
                beta[j] -= step[j]
                largest = max(largest, abs(step[j]))
            }
            if largest < 1e-8 { break }
        }
        return Fit(weights: Array(beta[0..<d]), intercept: beta[d], iterations: iterations)
    }
}
