import Foundation

/// The logistic function and its inverse, shared by every model in this module.
public enum Logistic {
    /// 1 / (1 + e^(−x)), written so that neither tail overflows.
    @inlinable
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 {
            return 1 / (1 + exp(-x))
        }
        let e = exp(x)
        return e / (1 + e)
    }

    /// log(p / (1 − p)), with `p` clamped away from 0 and 1 so a certain posterior stays finite.
    @inlinable
    public static func logit(_ p: Double, epsilon: Double = 1e-6) -> Double {
        let q = min(max(p, epsilon), 1 - epsilon)
        return log(q / (1 - q))
    }
}
