import Foundation

/// Held-out quality measures shared by training reports and the benchmark.
public enum ModelMetrics {
    /// Area under the ROC curve (the Mann–Whitney statistic, ties counted as half).
    /// Returns 0.5 when one class is absent, where the AUC is undefined.
    public static func auc(scores: [Double], labels: [Bool]) -> Double {
        precondition(scores.count == labels.count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positives = 0.0, negatives = 0.0, rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j {
                if labels[order[k]] { positives += 1; rankSumPositive += midRank } else { negatives += 1 }
            }
            i = j + 1
        }
        guard positives > 0, negatives > 0 else { return 0.5 }
        return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Expected calibration error: the count-weighted mean |mean prediction − observed rate| over
    /// `bins` equal-width probability bins.
    public static func expectedCalibrationError(probabilities: [Double], labels: [Bool], bins: Int = 10) -> Double {
        expectedCalibrationError(probabilities: probabilities, targets: labels.map { $0 ? 1 : 0 }, bins: bins)
    }

    /// The same against probabilistic targets: per bin, |mean prediction − mean target|.
    public static func expectedCalibrationError(probabilities: [Double], targets labels: [Double], bins: Int = 10) -> Double {
        precondition(probabilities.count == labels.count && bins > 0)
        guard !probabilities.isEmpty else { return 0 }
        var count = [Double](repeating: 0, count: bins)
        var sumP = [Double](repeating: 0, count: bins)
        var sumY = [Double](repeating: 0, count: bins)
        for (p, y) in zip(probabilities, labels) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            count[b] += 1
            sumP[b] += p
            sumY[b] += y
        }
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 {
            ece += abs(sumP[b] - sumY[b])
        }
        return ece / Double(probabilities.count)
    }

    /// Spearman rank correlation (Pearson correlation of mid-ranks, so ties are handled).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        return pearson(ranks(x), ranks(y))
    }

    /// Pearson correlation; 0 when either side is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        guard n > 1 else { return 0 }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based mid-ranks.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let mid = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = mid }
            i = j + 1
        }
        return r
    }

    /// Log loss (mean negative log-likelihood) of probabilistic predictions.
    public static func logLoss(probabilities: [Double], labels: [Bool]) -> Double {
        guard !probabilities.isEmpty else { return 0 }
        var s = 0.0
        for (p, y) in zip(probabilities, labels) {
            let q = min(max(p, 1e-12), 1 - 1e-12)
            s -= y ? log(q) : log(1 - q)
        }
        return s / Double(probabilities.count)
    }
}
