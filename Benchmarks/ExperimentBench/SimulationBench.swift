import Foundation
import LearningCore

enum SimulationBench {
    static let experiments = 1_000
    static let days = 30
    static let alpha = 0.05

    struct Normal {
        var generator: SeededGenerator
        mutating func next() -> Double {
            (-2 * log(max(generator.nextUnit(), 1e-300))).squareRoot() * cos(2 * Double.pi * generator.nextUnit())
        }
    }

    /// A/A on a 10 % conversion, 100 learners per arm per day: the fixed-horizon p-value checked
    /// every day against the always-valid sequential p-value checked every day.
    static func runAA() {
        var random = SeededGenerator(seed: 2026)
        var peeking = 0, once = 0, sequential = 0
        let tuning = Double(days * 200)
        for _ in 0..<experiments {
            var a = SampleSummary(n: 0, sum: 0, sumSquares: 0), b = a
            var peekRejected = false, sequentialRejected = false
            for _ in 0..<days {
                var ca = 0.0, cb = 0.0
                for _ in 0..<100 {
                    if random.nextUnit() < 0.1 { ca += 1 }
                    if random.nextUnit() < 0.1 { cb += 1 }
                }
                a = a + .conversions(ca, of: 100)
                b = b + .conversions(cb, of: 100)
                if FrequentistTests.twoProportionZTest(control: a, treatment: b).pValue < alpha { peekRejected = true }
                if SequentialTest(control: a, treatment: b, alpha: alpha, tuning: tuning).pValue < alpha { sequentialRejected = true }
            }
            if FrequentistTests.twoProportionZTest(control: a, treatment: b).pValue < alpha { once += 1 }
            if peekRejected { peeking += 1 }
            if sequentialRejected { sequential += 1 }
        }
        let rate = { (hits: Int) in Double(hits) / Double(experiments) }
        print(String(format: "fixed-horizon p-value, looked at once on day 30: false-positive rate %.3f", rate(once)))
        print(String(format: "fixed-horizon p-value, peeking daily:            false-positive rate %.3f (inflated)", rate(peeking)))
        print(String(format: "sequential (always-valid) p-value, daily:        false-positive rate %.3f (bar ≤ 0.05: %@)", rate(sequential),
                     rate(sequential) <= 0.05 ? "pass" : "FAIL"))
    }

    /// A/B on a numeric metric (mean 60, sd 20) with a true +5 % lift, 50 learners per arm per day,
    /// and a pre-period covariate correlated ρ = 0.6 with the metric for CUPED.
    static func runAB() {
        var normal = Normal(generator: SeededGenerator(seed: 7))
        var fixedPower = 0, sequentialPower = 0, cupedPower = 0
        var reductions: [Double] = []
        var detectionDays: [Int] = []
        let perDay = 50, rho = 0.6
        let tuning = Double(days * perDay * 2)
        for _ in 0..<experiments {
            var a = SampleSummary(n: 0, sum: 0, sumSquares: 0), b = a
            var detected: Int?
            for day in 1...days {
                var dayA: [Double] = [], dayB: [Double] = [], xA: [Double] = [], xB: [Double] = []
                for _ in 0..<perDay {
                    for treated in [false, true] {
                        let z = normal.next()
                        let x = 10 + 3 * z
                        let y = 60 * (treated ? 1.05 : 1) + 20 * (rho * z + (1 - rho * rho).squareRoot() * normal.next())
                        if treated { dayB.append(y); xB.append(x) } else { dayA.append(y); xA.append(x) }
                    }
                }
                a = a + SampleSummary(values: dayA, covariates: xA)
                b = b + SampleSummary(values: dayB, covariates: xB)
                if detected == nil, SequentialTest(control: a, treatment: b, alpha: alpha, tuning: tuning).pValue < alpha { detected = day }
            }
            if FrequentistTests.welchTTest(control: a, treatment: b).pValue < alpha { fixedPower += 1 }
            if let detected { sequentialPower += 1; detectionDays.append(detected) }
            if let cuped = CUPED([a, b]) {
                reductions.append(cuped.varianceReduction)
                if FrequentistTests.welchTTest(control: cuped.adjusted[0], treatment: cuped.adjusted[1]).pValue < alpha { cupedPower += 1 }
            }
        }
        let rate = { (hits: Int) in Double(hits) / Double(experiments) }
        let median = detectionDays.sorted()[detectionDays.count / 2]
        print(String(format: "power, fixed-horizon Welch test on day 30 (n = %d per arm): %.3f", days * perDay, rate(fixedPower)))
        print(String(format: "power, sequential test looked at daily, same sample size:  %.3f (median detection on day %d)", rate(sequentialPower), median))
        let reduction = reductions.reduce(0, +) / Double(max(reductions.count, 1))
        print(String(format: "CUPED on a pre-period covariate with ρ = %.1f: variance reduction %.3f (bar > 0: %@; theory ρ² = %.2f), power %.3f",
                     rho, reduction, reduction > 0 ? "pass" : "FAIL", rho * rho, rate(cupedPower)))
    }
}
