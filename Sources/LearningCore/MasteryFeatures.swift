import Foundation

/// The inputs of the mastery model for one learner and skill: the BKT posterior plus the
/// behavioural features of docs/api.md (`POST /mastery/predict`), whose body uses these field names.
public struct MasteryFeatures: Codable, Sendable, Hashable {
    /// BKT P(known) for the skill; nil means no attempts yet, so the skill's prior applies.
    public var pKnown: Double?
    public var quizAttempts: Int
    /// Fraction of quiz attempts answered correctly, 0–1.
    public var accuracy: Double
    /// Mean quiz score, 0–100.
    public var averageScore: Double
    public var timeSpentMinutes: Double
    public var practiceProblems: Int
    public var videoViews: Int
    public var consecutiveDays: Int
    public var helpRequests: Int

    public init(
        pKnown: Double? = nil, quizAttempts: Int = 0, accuracy: Double = 0, averageScore: Double = 0,
        timeSpentMinutes: Double = 0, practiceProblems: Int = 0, videoViews: Int = 0,
        consecutiveDays: Int = 0, helpRequests: Int = 0
    ) {
        self.pKnown = pKnown
        self.quizAttempts = quizAttempts
        self.accuracy = accuracy
        self.averageScore = averageScore
        self.timeSpentMinutes = timeSpentMinutes
        self.practiceProblems = practiceProblems
        self.videoViews = videoViews
        self.consecutiveDays = consecutiveDays
        self.helpRequests = helpRequests
    }

    /// Number of model inputs produced by `writeVector`.
    public static let dimension = 9
    /// Names of the model inputs, in vector order (for reports and interpretability).
    public static let featureNames = [
        "logitPKnown", "log1pQuizAttempts", "accuracy", "averageScore", "log1pTimeSpentMinutes",
        "log1pPracticeProblems", "log1pVideoViews", "log1pConsecutiveDays", "log1pHelpRequests",
    ]

    /// Writes the raw (unstandardised) model inputs. The posterior enters as a logit because the
    /// model is linear in log-odds; counts enter as log(1 + x) because the tenth video view says
    /// far less than the first, and heavy tails would otherwise dominate the fit.
    @inlinable
    public func writeVector(into v: UnsafeMutablePointer<Double>, defaultPKnown: Double) {
        v[0] = Logistic.logit(pKnown ?? defaultPKnown, epsilon: 1e-4)
        v[1] = log1p(Double(max(0, quizAttempts)))
        v[2] = min(max(accuracy, 0), 1)
        v[3] = min(max(averageScore, 0), 100) / 100
        v[4] = log1p(max(0, timeSpentMinutes))
        v[5] = log1p(Double(max(0, practiceProblems)))
        v[6] = log1p(Double(max(0, videoViews)))
        v[7] = log1p(Double(max(0, consecutiveDays)))
        v[8] = log1p(Double(max(0, helpRequests)))
    }

    /// The raw model inputs as an array (convenient outside hot paths).
    public func vector(defaultPKnown: Double = BKTParameters.default.prior) -> [Double] {
        var v = [Double](repeating: 0, count: Self.dimension)
        v.withUnsafeMutableBufferPointer { writeVector(into: $0.baseAddress!, defaultPKnown: defaultPKnown) }
        return v
    }
}
