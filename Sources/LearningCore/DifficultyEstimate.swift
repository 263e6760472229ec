/// A lesson's or item's current difficulty: the content-based estimate shrunk towards the Rasch
/// calibration as responses accumulate.
///
/// The weight on the Rasch estimate is n / (n + k): with no responses the content estimate
/// stands, at n = k the two count equally, and the data dominate after a few multiples of k.
/// This is the posterior mean under a normal prior centred on the content estimate whose
/// strength is worth k responses, so the level never jumps when a threshold of responses is crossed.
public struct DifficultyEstimate: Codable, Sendable, Hashable {
    /// Content-based difficulty on the logit scale (`DifficultyClassification.expectedLogit`).
    public var contentLogit: Double
    /// Rasch difficulty, nil before any calibration.
    public var raschLogit: Double?
    public var responses: Int
    /// Weight given to the Rasch estimate, 0–1.
    public var raschWeight: Double
    /// The blended difficulty.
    public var logit: Double

    /// Responses at which content and data weigh equally; about what it takes for the Rasch
    /// standard error (≈ 2/√n logits) to fall below the content estimate's typical error.
    public static let defaultPriorStrength = 30.0

    public init(contentLogit: Double, raschLogit: Double?, responses: Int, priorStrength: Double = defaultPriorStrength) {
        self.contentLogit = contentLogit
        self.raschLogit = raschLogit
        self.responses = max(0, responses)
        let n = Double(self.responses)
        raschWeight = raschLogit == nil ? 0 : n / (n + max(priorStrength, 1e-9))
        logit = (1 - raschWeight) * contentLogit + raschWeight * (raschLogit ?? 0)
    }

    /// The level shown for the lesson.
    public var level: DifficultyLevel { DifficultyLevel(logit: logit) }
}
