/// The answer of `DifficultyClassifier`: a level, the class probabilities and the features used.
public struct DifficultyClassification: Codable, Sendable, Hashable {
    public var level: DifficultyLevel
    /// Probability per level, keyed by the level's raw value (`"beginner"` …).
    public var probabilities: [String: Double]
    public var features: DifficultyFeatures
    /// Probability-weighted level centre on the logit scale: the content-based difficulty that
    /// `DifficultyEstimate` blends with the Rasch estimate.
    public var expectedLogit: Double

    public init(level: DifficultyLevel, probabilities: [String: Double], features: DifficultyFeatures, expectedLogit: Double) {
        self.level = level
        self.probabilities = probabilities
        self.features = features
        self.expectedLogit = expectedLogit
    }
}
