import Foundation

/// Multinomial logistic regression (softmax) from content features to the four difficulty levels.
///
/// The default weights encode an ordinal reading-difficulty score (longer sentences, rarer words,
/// more formulas and code, deeper prerequisites and a higher Flesch–Kincaid grade mean harder)
/// with class boundaries on it, so the classifier is useful before any labelled data exists;
/// `DifficultyClassifierTrainer` replaces them with weights learned from labelled lessons.
public struct DifficultyClassifier: Codable, Sendable, Hashable {
    /// Names of the model inputs, in order.
    public static let inputNames = [
        "log1pWordCount", "meanSentenceLength", "rareWordFraction", "log1pFormulaCount",
        "log1pImageCount", "log1pCodeBlockCount", "log1pPrerequisiteDepth", "fleschKincaidGrade",
        "fleschReadingEase", "syllablesPerWord",
    ]
    public static var dimension: Int { inputNames.count }

    /// Standardisation of the inputs.
    public var means: [Double]
    public var scales: [Double]
    /// Row-major `levels × dimension` weights over standardised inputs; row 0 (beginner) is the
    /// reference class and stays zero, which removes softmax's redundant degree of freedom.
    public var weights: [Double]
    public var biases: [Double]

    public init(means: [Double], scales: [Double], weights: [Double], biases: [Double]) {
        let d = Self.dimension, k = DifficultyLevel.allCases.count
        precondition(means.count == d && scales.count == d && weights.count == k * d && biases.count == k)
        self.means = means
        self.scales = scales
        self.weights = weights
        self.biases = biases
    }

    /// The raw inputs for a feature set. Counts are log-scaled (the fifth formula adds less than
    /// the first) and grades clamped so a pathological text cannot dominate.
    public static func inputs(_ f: DifficultyFeatures) -> [Double] {
        [
            log1p(Double(f.wordCount)),
            min(max(f.meanSentenceLength, 0), 60),
            f.rareWordFraction,
            log1p(Double(f.formulaCount)),
            log1p(Double(f.imageCount)),
            log1p(Double(f.codeBlockCount)),
            log1p(Double(f.prerequisiteDepth)),
            min(max(f.fleschKincaidGrade, -5), 25),
            min(max(f.fleschReadingEase, -50), 130) / 100,
            min(max(f.syllablesPerWord, 0), 4),
        ]
    }

    /// Hand-set weights: a latent difficulty score z = Σ vⱼ · standardised inputⱼ, and class k's
    /// logit s · (k · z − Σ_{i<k} τᵢ), so class k beats class k−1 exactly when z > τ_{k−1}.
    public static let `default`: DifficultyClassifier = {
        // Typical values for short lessons: ~300 words, grade ~9, a few formulas in maths.
        let means = [5.7, 15, 0.3, 0.5, 0.3, 0.3, 1.0, 9, 0.6, 1.5]
        let scales = [1.0, 6, 0.12, 0.8, 0.5, 0.6, 0.7, 4, 0.2, 0.2]
        let v = [0.25, 0.25, 0.5, 0.5, 0.05, 0.35, 0.8, 0.45, -0.25, 0.2]
        let thresholds = [-0.9, 0.4, 1.6]
        let sharpness = 2.0
        let d = dimension, levels = DifficultyLevel.allCases.count
        var weights = [Double](repeating: 0, count: levels * d)
        var biases = [Double](repeating: 0, count: levels)
        for k in 1..<levels {
            for j in 0..<d { weights[k * d + j] = sharpness * Double(k) * v[j] }
            biases[k] = -sharpness * thresholds[0..<k].reduce(0, +)
        }
        return DifficultyClassifier(means: means, scales: scales, weights: weights, biases: biases)
    }()

    /// Class probabilities for raw inputs, in `DifficultyLevel.allCases` order.
    public func probabilities(inputs x: [Double]) -> [Double] {
        let d = Self.dimension, levels = DifficultyLevel.allCases.count
        var logits = biases
        for k in 0..<levels {
            for j in 0..<d { logits[k] += weights[k * d + j] * (x[j] - means[j]) / scales[j] }
        }
        let m = logits.max()!
        var p = logits.map { exp($0 - m) }
        let total = p.reduce(0, +)
        for k in 0..<levels { p[k] /= total }
        return p
    }

    /// Classifies features already extracted.
    public func classify(_ features: DifficultyFeatures) -> DifficultyClassification {
        let p = probabilities(inputs: Self.inputs(features))
        let levels = DifficultyLevel.allCases
        let best = p.indices.max { p[$0] < p[$1] }!
        var byName: [String: Double] = [:]
        var expected = 0.0
        for (k, level) in levels.enumerated() {
            byName[level.rawValue] = p[k]
            expected += p[k] * level.logit
        }
        return DifficultyClassification(level: levels[best], probabilities: byName, features: features, expectedLogit: expected)
    }

    /// Extracts features from content and classifies it.
    public func classify(content: String, prerequisiteDepth: Int = 0) -> DifficultyClassification {
        classify(DifficultyFeatures(content: content, prerequisiteDepth: prerequisiteDepth))
    }
}
