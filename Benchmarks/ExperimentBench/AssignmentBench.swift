import Foundation
import LearningCore

enum AssignmentBench {
    static func run() {
        let weights = [0.5, 0.3, 0.2]
        let assignment = VariantAssignment(weights: weights)
        let ids = (0..<1_000_000).map { "learner-\($0)" }
        var counts = [0, 0, 0]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for id in ids { counts[assignment.variantIndex(experimentKey: "bench-experiment", learnerId: id)] += 1 }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let shares = counts.map { Double($0) / Double(ids.count) }
        let worst = zip(shares, weights).map { abs($0 - $1) }.max() ?? 0
        print(String(format: "1,000,000 assignments in %.3f s (bar < 1 s: %@)", seconds, seconds < 1 ? "pass" : "FAIL"))
        print("split " + shares.map { String(format: "%.4f", $0) }.joined(separator: " / ")
              + " for weights 0.5 / 0.3 / 0.2; largest deviation " + String(format: "%.4f %%", worst * 100)
              + " (bar ≤ 0.5 %: \(worst <= 0.005 ? "pass" : "FAIL"))")
        let srm = SampleRatioMismatch(observed: [10_400, 9_600], weights: [0.5, 0.5])
        print(String(format: "SRM on 52/48 of 20,000 in a 50/50 test: χ² = %.1f, p = %.2e, flagged: %@", srm.chiSquare, srm.pValue,
                     srm.mismatch ? "yes (pass)" : "NO (FAIL)"))
    }
}
