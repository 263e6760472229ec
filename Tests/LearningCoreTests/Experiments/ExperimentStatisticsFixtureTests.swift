import Foundation
import Testing
@testable import LearningCore

/// Every p-value and interval against SciPy/statsmodels, from the fixture that
/// `scripts/experiments/reference_statistics.py` writes (rerun it with `--check` to re-verify).
@Suite struct ExperimentStatisticsFixtureTests {
    static let tolerance = 1e-9

    static func fixture() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/experiment-statistics.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func near(_ actual: Double, _ expected: Any?, _ what: String, tolerance: Double = tolerance,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected = (expected as? NSNumber)?.doubleValue else {
            Issue.record("\(what): no expected value", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(actual - expected) <= tolerance, "\(what): \(actual) vs SciPy \(expected) (Δ \(actual - expected))", sourceLocation: sourceLocation)
    }

    static func near(_ actual: Interval, _ expected: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let pair = expected as? [Any] ?? []
        guard pair.count == 2 else {
            Issue.record("\(what): no expected interval", sourceLocation: sourceLocation)
            return
        }
        near(actual.lower, pair[0], what + ".lower", sourceLocation: sourceLocation)
        near(actual.upper, pair[1], what + ".upper", sourceLocation: sourceLocation)
    }

    static func numbers(_ any: Any?) -> [Double] { (any as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }

    @Test func specialFunctionsMatchSciPy() throws {
        let special = try #require(try Self.fixture()["special"] as? [String: [[Double]]])
        for row in special["normalQuantile"]! { Self.near(SpecialFunctions.normalQuantile(row[0]), row[1], "Φ⁻¹(\(row[0]))", tolerance: 1e-12 * max(1, abs(row[1]))) }
        for row in special["normalSF"]! { Self.near(SpecialFunctions.normalSF(row[0]), row[1], "1 − Φ(\(row[0]))", tolerance: 1e-15) }
        for row in special["studentTSF"]! { Self.near(SpecialFunctions.studentTSF(row[0], df: row[1]), row[2], "t.sf(\(row[0]), \(row[1]))") }
        for row in special["studentTQuantile"]! { Self.near(SpecialFunctions.studentTQuantile(row[0], df: row[1]), row[2], "t.ppf(\(row[0]), \(row[1]))") }
        for row in special["chiSquareSF"]! { Self.near(SpecialFunctions.chiSquareSF(row[0], df: row[1]), row[2], "chi2.sf(\(row[0]), \(row[1]))", tolerance: 1e-12) }
        for row in special["regularizedBeta"]! {
            Self.near(SpecialFunctions.regularizedBeta(x: row[0], a: row[1], b: row[2]), row[3], "I_\(row[0])(\(row[1]), \(row[2]))", tolerance: 1e-12)
        }
    }

    @Test func proportionsMatchStatsmodels() throws {
        let cases = try #require(try Self.fixture()["proportions"] as? [[String: Any]])
        #expect(cases.count >= 7)
        for row in cases {
            let a = Self.numbers(row["control"]), b = Self.numbers(row["treatment"])
            let control = SampleSummary.conversions(a[0], of: a[1]), treatment = SampleSummary.conversions(b[0], of: b[1])
            let name = "\(Int(a[0]))/\(Int(a[1])) vs \(Int(b[0]))/\(Int(b[1]))"
            Self.near(FrequentistTests.wilsonInterval(successes: a[0], n: a[1]), row["wilsonControl"], "\(name) Wilson control")
            Self.near(FrequentistTests.wilsonInterval(successes: b[0], n: b[1]), row["wilsonTreatment"], "\(name) Wilson treatment")
            let z = FrequentistTests.twoProportionZTest(control: control, treatment: treatment)
            if row["zTestPValue"] is NSNull { #expect(z.pValue == 1, "\(name): no spread means no evidence") } else { Self.near(z.pValue, row["zTestPValue"], "\(name) z-test p") }
            Self.near(FrequentistTests.proportionDifferenceInterval(control: control, treatment: treatment), row["differenceCi"], "\(name) difference CI")
            if let lift = row["relativeLift"] as? [String: Any] {
                let computed = try #require(FrequentistTests.relativeLift(control: control, treatment: treatment))
                Self.near(computed.lift, lift["lift"], "\(name) relative lift")
                Self.near(computed.interval, lift["ci"], "\(name) relative lift CI")
            } else {
                #expect(FrequentistTests.relativeLift(control: control, treatment: treatment) == nil, "\(name): a zero control has no relative lift")
            }
            Self.near(BayesianComparison.probabilityToBeatControl(control: control, treatment: treatment), row["probabilityToBeatControl"], "\(name) P(beat)")
        }
    }

    @Test func meansMatchSciPy() throws {
        let cases = try #require(try Self.fixture()["means"] as? [[String: Any]])
        #expect(cases.count >= 6)
        for row in cases {
            func summary(_ stats: [Double]) -> SampleSummary {
                let (mean, sd, n) = (stats[0], stats[1], stats[2])
                return SampleSummary(n: n, sum: mean * n, sumSquares: sd * sd * (n - 1) + mean * mean * n)
            }
            let control = summary(Self.numbers(row["control"])), treatment = summary(Self.numbers(row["treatment"]))
            let name = "means \(Self.numbers(row["control"])) vs \(Self.numbers(row["treatment"]))"
            Self.near(FrequentistTests.meanInterval(control), row["ciControl"], "\(name) t CI control")
            Self.near(FrequentistTests.meanInterval(treatment), row["ciTreatment"], "\(name) t CI treatment")
            let welch = FrequentistTests.welchTTest(control: control, treatment: treatment)
            Self.near(welch.pValue, row["welchPValue"], "\(name) Welch p")
            Self.near(welch.degreesOfFreedom, row["welchDf"], "\(name) Welch df", tolerance: 1e-9 * max(1, welch.degreesOfFreedom))
            Self.near(FrequentistTests.welchDifferenceInterval(control: control, treatment: treatment), row["differenceCi"], "\(name) Welch difference CI")
            if let lift = row["relativeLift"] as? [String: Any] {
                let computed = try #require(FrequentistTests.relativeLift(control: control, treatment: treatment))
                Self.near(computed.lift, lift["lift"], "\(name) relative lift")
                Self.near(computed.interval, lift["ci"], "\(name) relative lift CI")
            } else {
                #expect(FrequentistTests.relativeLift(control: control, treatment: treatment) == nil)
            }
            Self.near(BayesianComparison.probabilityToBeatControlNormal(control: control, treatment: treatment), row["probabilityToBeatControl"], "\(name) P(beat)")
            let sequential = SequentialTest(control: control, treatment: treatment)
            let expected = try #require(row["sequential"] as? [String: Any])
            Self.near(sequential.pValue, expected["pValue"], "\(name) sequential p")
            Self.near(sequential.interval, expected["ci"], "\(name) confidence sequence")
        }
    }

    @Test func srmAndMultipleTestingMatchSciPy() throws {
        let fixture = try Self.fixture()
        for row in try #require(fixture["srm"] as? [[String: Any]]) {
            let check = SampleRatioMismatch(observed: Self.numbers(row["observed"]), weights: Self.numbers(row["weights"]))
            Self.near(check.chiSquare, row["chiSquare"], "χ² \(Self.numbers(row["observed"]))")
            Self.near(check.pValue, row["pValue"], "SRM p \(Self.numbers(row["observed"]))", tolerance: 1e-12)
            #expect(check.mismatch == ((row["pValue"] as? Double ?? 1) < 0.001))
        }
        let multiple = try #require(fixture["multipleTesting"] as? [String: Any])
        let pValues = Self.numbers(multiple["pValues"])
        for (actual, expected) in zip(MultipleTesting.holm(pValues), Self.numbers(multiple["holm"])) { Self.near(actual, expected, "Holm") }
        for (actual, expected) in zip(MultipleTesting.benjaminiHochberg(pValues), Self.numbers(multiple["benjaminiHochberg"])) { Self.near(actual, expected, "BH") }
    }

    @Test func cupedMatchesRegressionOnRawData() throws {
        for row in try #require(try Self.fixture()["cuped"] as? [[String: Any]]) {
            func sample(_ any: Any?) -> SampleSummary {
                let group = any as? [String: Any] ?? [:]
                return SampleSummary(values: Self.numbers(group["y"]), covariates: Self.numbers(group["x"]))
            }
            let control = sample(row["control"]), treatment = sample(row["treatment"])
            let cuped = try #require(CUPED([control, treatment]))
            Self.near(cuped.theta, row["theta"], "CUPED θ")
            Self.near(cuped.varianceReduction, row["varianceReduction"], "CUPED variance reduction")
            Self.near(FrequentistTests.welchTTest(control: cuped.adjusted[0], treatment: cuped.adjusted[1]).pValue, row["pValue"], "CUPED p")
            Self.near(FrequentistTests.welchDifferenceInterval(control: cuped.adjusted[0], treatment: cuped.adjusted[1]), row["differenceCi"], "CUPED CI")
        }
    }
}
