/// Robust z-score over a sliding window: 0.6745·(x − median)/MAD (Iglewicz & Hoaglin). The
/// median and median absolute deviation ignore the outliers they are meant to find, where a
/// mean and standard deviation would be dragged towards them.
public struct RobustMADDetector: Sendable {
    public let window: Int
    private var values: [Double] = []
    private var next = 0

    public init(window: Int = 60) {
        self.window = max(5, window)
        values.reserveCapacity(self.window)
    }

    public var isWarm: Bool { values.count >= window / 2 }

    public mutating func add(_ x: Double) {
        if values.count < window {
            values.append(x)
        } else {
            values[next] = x
            next = (next + 1) % window
        }
    }

    public func score(_ x: Double) -> Double {
        Self.robustZ(x, in: values)
    }

    public static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        let m = s.count / 2
        return s.count % 2 == 0 ? (s[m - 1] + s[m]) / 2 : s[m]
    }

    /// Robust z of `x` against a sample. The MAD is floored so that a sample of identical values
    /// (MAD 0) does not turn every difference into an infinite score.
    public static func robustZ(_ x: Double, in sample: [Double]) -> Double {
        guard sample.count >= 3 else { return 0 }
        let med = median(sample)
        let mad = median(sample.map { abs($0 - med) })
        let floor = max(1, med.squareRoot() * 0.6745)
        return 0.6745 * (x - med) / max(mad, floor)
    }
}
