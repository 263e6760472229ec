import Foundation

/// Is policy B's latency different from A's? Mann–Whitney U on the recent samples of each
/// (normal approximation with tie correction: fine above ~20 samples per side), plus both p99s.
public struct PolicyComparison: Sendable, Codable, Equatable {
    public var policyA: String
    public var policyB: String
    public var share: Double
    public var samplesA: Int
    public var samplesB: Int
    public var p99A: Double
    public var p99B: Double
    /// P(B's latency < A's) estimated from U: 0.5 means no difference.
    public var probabilityBFaster: Double
    public var z: Double
    /// Two-sided p-value.
    public var pValue: Double
    public var significant: Bool
    /// Counts per `PolicyLatencyStats.bounds` bucket (the last is above the top bound).
    public var histogramA: [Int]
    public var histogramB: [Int]

    public static func mannWhitney(_ x: [Double], _ y: [Double]) -> (u: Double, z: Double, p: Double) {
        let n1 = Double(x.count), n2 = Double(y.count)
        guard n1 > 0, n2 > 0 else { return (0, 0, 1) }
        var all = x.map { ($0, 0) } + y.map { ($0, 1) }
        all.sort { $0.0 < $1.0 }
        var rankSumX = 0.0
        var tieTerm = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
            let rank = Double(i + j + 2) / 2
            let t = Double(j - i + 1)
            if t > 1 { tieTerm += t * t * t - t }
            for k in i...j where all[k].1 == 0 { rankSumX += rank }
            i = j + 1
        }
        let u = rankSumX - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let mean = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return (u, 0, 1) }
        let z = (u - mean) / variance.squareRoot()
        let p = erfc(abs(z) / 2.0.squareRoot())
        return (u, z, p)
    }

    public init(policyA: String, policyB: String, share: Double, a: PolicyLatencyStats, b: PolicyLatencyStats, histogramA: [Int] = [], histogramB: [Int] = []) {
        self.histogramA = histogramA
        self.histogramB = histogramB
        self.policyA = policyA
        self.policyB = policyB
        self.share = share
        let xa = a.samples, xb = b.samples
        samplesA = xa.count
        samplesB = xb.count
        var wa = a.window, wb = b.window
        p99A = wa.quantile(0.99)
        p99B = wb.quantile(0.99)
        let t = Self.mannWhitney(xa, xb)
        // U counts pairs where A's sample ranks above B's: A slower means B faster.
        probabilityBFaster = xa.isEmpty || xb.isEmpty ? 0.5 : t.u / (Double(xa.count) * Double(xb.count))
        z = t.z
        pValue = t.p
        significant = samplesA >= 20 && samplesB >= 20 && t.p < 0.05
    }
}
