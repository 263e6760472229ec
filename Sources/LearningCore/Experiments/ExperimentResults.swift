/// What `GET /experiments/{key}/results` answers and `wave3 experiments report` prints.
public struct ExperimentResults: Sendable, Codable, Equatable {
    public var alpha: Double
    public var control: String
    public var srm: SRMResult
    public var metrics: [MetricResult]
    /// Number of (variant, metric) comparisons the adjusted p-values correct for.
    public var comparisons: Int

    public struct SRMResult: Sendable, Codable, Equatable {
        public var observed: [String: Int]
        public var expectedShares: [String: Double]
        public var chiSquare: Double
        public var pValue: Double
        /// True when p < 0.001: the split is broken; the other figures should not be trusted.
        public var mismatch: Bool
    }

    public struct MetricResult: Sendable, Codable, Equatable {
        public var name: String
        public var type: MetricType
        public var goal: MetricGoal
        public var primary: Bool
        public var source: MetricSource
        public var variants: [VariantResult]
    }

    public struct VariantResult: Sendable, Codable, Equatable {
        public var variant: String
        public var isControl: Bool
        public var n: Int
        public var mean: Double
        public var standardDeviation: Double
        /// Wilson for conversions, Student t for means.
        public var ci: Interval
        public var comparison: Comparison?
    }

    /// Treatment against the control (absent on the control itself).
    public struct Comparison: Sendable, Codable, Equatable {
        public var absoluteLift: Double
        public var absoluteLiftCi: Interval
        /// nil when the control mean is 0.
        public var relativeLift: Double?
        public var relativeLiftCi: Interval?
        /// Two-proportion z-test for conversions, Welch's t-test otherwise.
        public var pValue: Double
        public var significant: Bool
        public var holmPValue: Double
        public var benjaminiHochbergPValue: Double
        /// P(treatment better than control, in the metric's goal direction).
        public var probabilityToBeatControl: Double
        public var sequential: Sequential
        public var cuped: Cuped?
    }

    public struct Sequential: Sendable, Codable, Equatable {
        /// Always-valid: look as often as you like; stop when it is below α.
        public var pValue: Double
        public var ci: Interval
        public var significant: Bool
    }

    public struct Cuped: Sendable, Codable, Equatable {
        public var theta: Double
        public var varianceReduction: Double
        public var absoluteLift: Double
        public var absoluteLiftCi: Interval
        public var pValue: Double
        public var significant: Bool
    }
}
