/// A two-sided confidence interval. An unbounded side (too few observations) encodes as null,
/// since JSON has no infinity.
public struct Interval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }

    enum CodingKeys: String, CodingKey { case lower, upper }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lower = try container.decodeIfPresent(Double.self, forKey: .lower) ?? -.infinity
        upper = try container.decodeIfPresent(Double.self, forKey: .upper) ?? .infinity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lower.isFinite ? lower : nil, forKey: .lower)
        try container.encode(upper.isFinite ? upper : nil, forKey: .upper)
    }
}

/// The result of a two-sided test of "no difference".
public struct TestResult: Sendable, Equatable {
    /// The test statistic (z or t).
    public var statistic: Double
    public var pValue: Double
    /// Degrees of freedom for t tests; infinity for z tests.
    public var degreesOfFreedom: Double
}
