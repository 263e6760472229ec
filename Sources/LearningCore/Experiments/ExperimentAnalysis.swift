/// Turns per-variant sufficient statistics (aggregated by the database) into `ExperimentResults`.
/// The first variant is the control.
public struct ExperimentAnalysis: Sendable {
    public var alpha: Double
    public var sequentialTuning: Double

    public init(alpha: Double = 0.05, sequentialTuning: Double = SequentialTest.defaultTuning) {
        self.alpha = alpha
        self.sequentialTuning = sequentialTuning
    }

    /// - Parameters:
    ///   - assigned: learners exposed per variant, in `variants` order (for the SRM check).
    ///   - samples: per metric name, one summary per variant in `variants` order.
    public func analyze(variants: [VariantDefinition], assigned: [Int], metrics: [MetricDefinition],
                        samples: [String: [SampleSummary]]) -> ExperimentResults {
        let srm = SampleRatioMismatch(observed: assigned.map(Double.init), weights: variants.map(\.weight))
        var results: [ExperimentResults.MetricResult] = metrics.map { metric in
            let summaries = samples[metric.name] ?? Array(repeating: SampleSummary(n: 0, sum: 0, sumSquares: 0), count: variants.count)
            let cuped = CUPED(summaries)
            let rows = variants.indices.map { index in
                variantResult(metric: metric, variant: variants[index], isControl: index == 0, sample: summaries[index],
                              control: summaries[0], cuped: cuped, cupedIndex: index)
            }
            return ExperimentResults.MetricResult(name: metric.name, type: metric.type, goal: metric.goal, primary: metric.primary,
                                                  source: metric.source, variants: rows)
        }
        // Holm and Benjamini–Hochberg over every treatment-vs-control comparison of every metric.
        var positions: [(Int, Int)] = []
        var pValues: [Double] = []
        for (m, metric) in results.enumerated() {
            for (v, row) in metric.variants.enumerated() {
                if let comparison = row.comparison { positions.append((m, v)); pValues.append(comparison.pValue) }
            }
        }
        let holm = MultipleTesting.holm(pValues), bh = MultipleTesting.benjaminiHochberg(pValues)
        for (index, (m, v)) in positions.enumerated() {
            results[m].variants[v].comparison?.holmPValue = holm[index]
            results[m].variants[v].comparison?.benjaminiHochbergPValue = bh[index]
        }
        var observed: [String: Int] = [:], shares: [String: Double] = [:]
        for (variant, count) in zip(variants, assigned) { observed[variant.key] = count; shares[variant.key] = variant.weight }
        return ExperimentResults(alpha: alpha, control: variants[0].key,
                                 srm: .init(observed: observed, expectedShares: shares, chiSquare: srm.chiSquare, pValue: srm.pValue, mismatch: srm.mismatch),
                                 metrics: results, comparisons: pValues.count)
    }

    func variantResult(metric: MetricDefinition, variant: VariantDefinition, isControl: Bool, sample: SampleSummary,
                       control: SampleSummary, cuped: CUPED?, cupedIndex: Int) -> ExperimentResults.VariantResult {
        let isConversion = metric.type == .conversion
        let ci = isConversion ? FrequentistTests.wilsonInterval(successes: sample.sum, n: sample.n, alpha: alpha)
                              : FrequentistTests.meanInterval(sample, alpha: alpha)
        var row = ExperimentResults.VariantResult(variant: variant.key, isControl: isControl, n: Int(sample.n), mean: sample.mean,
                                                  standardDeviation: sample.standardDeviation, ci: ci, comparison: nil)
        guard !isControl, sample.n > 0, control.n > 0 else { return row }
        let test = isConversion ? FrequentistTests.twoProportionZTest(control: control, treatment: sample)
                                : FrequentistTests.welchTTest(control: control, treatment: sample)
        let difference = isConversion ? FrequentistTests.proportionDifferenceInterval(control: control, treatment: sample, alpha: alpha)
                                      : FrequentistTests.welchDifferenceInterval(control: control, treatment: sample, alpha: alpha)
        let relative = FrequentistTests.relativeLift(control: control, treatment: sample, alpha: alpha)
        var beat = isConversion ? BayesianComparison.probabilityToBeatControl(control: control, treatment: sample)
                                : BayesianComparison.probabilityToBeatControlNormal(control: control, treatment: sample)
        if metric.goal == .minimize { beat = 1 - beat }
        let sequential = SequentialTest(control: control, treatment: sample, alpha: alpha, tuning: sequentialTuning)
        var cupedResult: ExperimentResults.Cuped?
        if let cuped {
            let adjustedControl = cuped.adjusted[0], adjusted = cuped.adjusted[cupedIndex]
            let adjustedTest = FrequentistTests.welchTTest(control: adjustedControl, treatment: adjusted)
            cupedResult = .init(theta: cuped.theta, varianceReduction: cuped.varianceReduction,
                                absoluteLift: adjusted.mean - adjustedControl.mean,
                                absoluteLiftCi: FrequentistTests.welchDifferenceInterval(control: adjustedControl, treatment: adjusted, alpha: alpha),
                                pValue: adjustedTest.pValue, significant: adjustedTest.pValue < alpha)
        }
        row.comparison = .init(absoluteLift: sample.mean - control.mean, absoluteLiftCi: difference, relativeLift: relative?.lift,
                               relativeLiftCi: relative?.interval, pValue: test.pValue, significant: test.pValue < alpha,
                               holmPValue: test.pValue, benjaminiHochbergPValue: test.pValue, probabilityToBeatControl: beat,
                               sequential: .init(pValue: sequential.pValue, ci: sequential.interval, significant: sequential.pValue < alpha),
                               cuped: cupedResult)
        return row
    }
}
