import Foundation

/// Request-rate baseline per time-of-day bucket: an EWMA of the mean and of the variance for
/// each slot of the day, so 3 a.m. is compared with earlier 3 a.m.s and the diurnal swing is
/// not itself an anomaly.
public struct TimeOfDayBaseline: Sendable {
    public struct Bucket: Sendable, Equatable {
        public var mean = 0.0
        public var variance = 0.0
        public var samples = 0
    }

    public let bucketSeconds: Int
    public let alpha: Double
    public let minSamples: Int
    public private(set) var buckets: [Bucket]

    public init(bucketSeconds: Int = 300, alpha: Double = 0.1, minSamples: Int = 10) {
        self.bucketSeconds = bucketSeconds
        self.alpha = alpha
        self.minSamples = minSamples
        self.buckets = Array(repeating: Bucket(), count: max(1, 86_400 / bucketSeconds))
    }

    @inline(__always)
    public func bucket(forSecondOfDay s: Int) -> Int {
        ((s % 86_400 + 86_400) % 86_400) / bucketSeconds % buckets.count
    }

    public mutating func update(_ x: Double, secondOfDay: Int) {
        let i = bucket(forSecondOfDay: secondOfDay)
        var b = buckets[i]
        if b.samples == 0 {
            b.mean = x
            b.variance = max(x, 1)  // a Poisson-like prior until real spread is seen
        } else {
            // Exponentially weighted mean and variance (West 1979 / Finch 2009 incremental form).
            let a = b.samples < 5 ? 1.0 / Double(b.samples + 1) : alpha
            let diff = x - b.mean
            let incr = a * diff
            b.mean += incr
            b.variance = (1 - a) * (b.variance + diff * incr)
        }
        b.samples += 1
        buckets[i] = b
    }

    public func isWarm(secondOfDay: Int) -> Bool {
        buckets[bucket(forSecondOfDay: secondOfDay)].samples >= minSamples
    }

    /// Standard score against the bucket. The variance is floored at the mean because counts are
    /// at least Poisson-noisy; a bucket that happened to be very regular must not make ordinary
    /// noise look extreme.
    public func zScore(_ x: Double, secondOfDay: Int) -> Double {
        let b = buckets[bucket(forSecondOfDay: secondOfDay)]
        let v = max(b.variance, b.mean, 1)
        return (x - b.mean) / v.squareRoot()
    }

    public func expected(secondOfDay: Int) -> Double {
        buckets[bucket(forSecondOfDay: secondOfDay)].mean
    }
}
