import Foundation

/// Next-attempt probability from the skill's BKT state *and* the item: a logistic layer over
/// logit P(correct | BKT state), the item's difficulty and the learner's running ability.
///
/// Item difficulty is a Rasch difficulty calibrated with BKT's prediction as the offset: the MAP
/// logit shift (prior N(0, 1/`shrinkage`)) that makes the item's observed answers match what BKT
/// expected, so an item everyone finds harder than their knowledge state predicts gets a positive
/// difficulty, and an item seen a few times stays near 0. Ability is the learner's mean residual
/// (answer − BKT prediction) over every earlier attempt on any skill, shrunk towards 0 by
/// `abilityPseudoCount`: evidence BKT ignores, since each skill's state sees only that skill.
public struct ItemAwareModel: Codable, Sendable, Hashable {
    public var itemDifficulties: [String: Double]
    /// Weights of (logit P_BKT, −difficulty, ability).
    public var weights: [Double]
    public var intercept: Double
    public var abilityPseudoCount: Double
    /// Training answers per item (nil in bundles stored before the live update used items: every
    /// item then falls back to plain BKT there).
    public var itemResponses: [String: Int]?

    /// Below this many training answers an item's difficulty is mostly shrinkage, and the live
    /// update treats its answers with the skill's plain BKT parameters.
    public static let minimumItemResponses = 20

    public init(itemDifficulties: [String: Double] = [:], weights: [Double] = [1, 0, 0], intercept: Double = 0, abilityPseudoCount: Double = 5,
                itemResponses: [String: Int]? = nil) {
        self.itemDifficulties = itemDifficulties
        self.itemResponses = itemResponses
        self.weights = weights
        self.intercept = intercept
        self.abilityPseudoCount = abilityPseudoCount
    }

    /// The layer that changes nothing: P = P_BKT.
    public static let identity = ItemAwareModel()

    @inlinable
    public func probability(bktCorrect p: Double, item: String?, ability: Double) -> Double {
        let d = item.flatMap { itemDifficulties[$0] } ?? 0
        return probability(bktCorrect: p, difficulty: d, ability: ability)
    }

    @inlinable
    public func probability(bktCorrect p: Double, difficulty: Double, ability: Double) -> Double {
        Logistic.sigmoid(intercept + weights[0] * Logistic.logit(p, epsilon: 1e-9) - weights[1] * difficulty + weights[2] * ability)
    }

    /// How much harder than the skill's average `item` is, in logits of P(correct), for the live
    /// BKT update: the item's difficulty times the layer's weight on it (0 when the layer found
    /// difficulty useless); nil when the item has fewer than `minimumItemResponses` training
    /// answers, so the caller keeps plain BKT. Bounded so one item can never make an answer
    /// certain evidence.
    public func emissionShift(item: String?) -> Double? {
        guard let item, let d = itemDifficulties[item], let n = itemResponses?[item], n >= Self.minimumItemResponses else { return nil }
        return min(max(max(0, weights[1]) * d, -4), 4)
    }

    /// A learner's running ability: the shrunk mean of their residuals so far.
    public struct Ability: Sendable, Hashable {
        public var residualSum = 0.0
        public var count = 0.0
        public init() {}
        public mutating func record(correct: Bool, predicted: Double) {
            residualSum += (correct ? 1 : 0) - predicted
            count += 1
        }
        public func value(pseudoCount: Double) -> Double { residualSum / (count + pseudoCount) }
    }

    /// One training row: BKT's prediction for the attempt (from earlier attempts only), the item,
    /// the learner's ability before it, and the answer.
    public struct Row: Sendable {
        public var bktCorrect: Double
        public var item: String?
        public var ability: Double
        public var correct: Bool
        public init(bktCorrect: Double, item: String?, ability: Double, correct: Bool) {
            self.bktCorrect = bktCorrect
            self.item = item
            self.ability = ability
            self.correct = correct
        }
    }

    /// Calibrates item difficulties, then fits the layer's four numbers by penalised Newton.
    public static func fit(_ rows: [Row], shrinkage: Double = 10, abilityPseudoCount: Double = 5) -> ItemAwareModel {
        var gradient: [String: Double] = [:], information: [String: Double] = [:], counts: [String: Int] = [:]
        for r in rows {
            guard let item = r.item else { continue }
            counts[item, default: 0] += 1
            gradient[item, default: 0] += r.bktCorrect - (r.correct ? 1 : 0)
            information[item, default: 0] += r.bktCorrect * (1 - r.bktCorrect)
        }
        var difficulties: [String: Double] = [:]
        for (item, g) in gradient { difficulties[item] = g / (information[item]! + shrinkage) }
        guard rows.count >= 20, Set(rows.map(\.correct)).count == 2 else {
            return ItemAwareModel(itemDifficulties: difficulties, abilityPseudoCount: abilityPseudoCount, itemResponses: counts)
        }
        var x = [Double](repeating: 0, count: rows.count * 3)
        for (k, r) in rows.enumerated() {
            x[3 * k] = Logistic.logit(r.bktCorrect, epsilon: 1e-9)
            x[3 * k + 1] = -(r.item.flatMap { difficulties[$0] } ?? 0)
            x[3 * k + 2] = r.ability
        }
        let fit = LogisticRegressionSolver.fit(x: x, y: rows.map(\.correct), dimension: 3, l2: 1e-3)
        return ItemAwareModel(itemDifficulties: difficulties, weights: fit.weights, intercept: fit.intercept, abilityPseudoCount: abilityPseudoCount,
                              itemResponses: counts)
    }
}
