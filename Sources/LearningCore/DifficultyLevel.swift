/// The four content difficulty levels, ordered, with their place on the Rasch logit scale.
public enum DifficultyLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case beginner, intermediate, advanced, expert

    /// 0 for beginner … 3 for expert.
    public var ordinal: Int { Self.allCases.firstIndex(of: self)! }

    /// The centre of the level on the logit scale: a learner of ability 0 answers a typical
    /// intermediate item correctly about 62 % of the time and an expert one about 18 %.
    public var logit: Double { -1.5 + Double(ordinal) }

    /// Boundaries between consecutive levels on the logit scale (midpoints of the centres).
    public static let logitThresholds: [Double] = [-1, 0, 1]

    /// The level whose logit band contains `difficulty`.
    public init(logit difficulty: Double) {
        let k = Self.logitThresholds.firstIndex { difficulty < $0 } ?? Self.logitThresholds.count
        self = Self.allCases[k]
    }

    public static func < (a: Self, b: Self) -> Bool { a.ordinal < b.ordinal }
}
