/// The last `capacity` latencies (ms) in a ring: p99 of a recent window for the guardrail and the
/// samples of the A/B significance test. Fixed memory, O(1) to add.
struct LatencyWindow: Sendable {
    private(set) var samples: [Double]
    private var next = 0
    private(set) var count = 0
    /// Reused by `quantile`, so the guardrail's periodic check allocates nothing on the event loop.
    private var scratch: [Double]

    init(capacity: Int = 1000) {
        samples = Array(repeating: 0, count: capacity)
        scratch = Array(repeating: 0, count: capacity)
    }

    mutating func add(_ ms: Double) {
        samples[next] = ms
        next = (next + 1) % samples.count
        count = min(count + 1, samples.count)
    }

    var values: ArraySlice<Double> { samples[0..<count] }

    /// The same order statistic a full sort would give (`sorted[Int(count × q)]`), by selection:
    /// O(count) on average instead of a sort and its buffer.
    mutating func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let k = min(count - 1, Int(Double(count) * q))
        return scratch.withUnsafeMutableBufferPointer { s in
            for i in 0..<count { s[i] = samples[i] }
            return Self.select(s, k, count)
        }
    }

    /// Hoare's quickselect with a median-of-three pivot: the k-th smallest of `s[0..<n]`.
    private static func select(_ s: UnsafeMutableBufferPointer<Double>, _ k: Int, _ n: Int) -> Double {
        var lo = 0, hi = n - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if s[mid] < s[lo] { s.swapAt(mid, lo) }
            if s[hi] < s[lo] { s.swapAt(hi, lo) }
            if s[hi] < s[mid] { s.swapAt(hi, mid) }
            let pivot = s[mid]
            var i = lo, j = hi
            while i <= j {
                while s[i] < pivot { i += 1 }
                while pivot < s[j] { j -= 1 }
                if i <= j {
                    s.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return s[k] }
        }
        return s[k]
    }

    mutating func reset() {
        next = 0
        count = 0
    }
}
