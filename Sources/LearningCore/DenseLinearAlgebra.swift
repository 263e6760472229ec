/// The few dense linear-algebra routines the Newton solvers need.
///
/// The systems are tiny (at most a few dozen unknowns) and symmetric positive definite thanks to
/// the L2 penalty, so a plain Cholesky factorisation is both the simplest and the most stable choice;
/// pulling in LAPACK for this would add a system dependency for no gain.
enum DenseLinearAlgebra {
    /// Solves `A x = b` for a symmetric positive-definite `A` stored row-major (n × n).
    /// Returns nil when `A` is not numerically positive definite.
    static func solveSymmetricPositiveDefinite(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 1e-300 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }
}
