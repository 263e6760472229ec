import Foundation

/// Fits every knowledge-tracing variant on one data set and scores them on another with pyBKT's
/// convention: the prediction for attempt t sees only the same learner's earlier attempts on the
/// same skill in the test data (the item-aware variant also sees their earlier attempts on other
/// skills, for the running ability). What `wave3 train --from-csv` and the learning bench run.
public enum KnowledgeTracingEvaluation {
    public enum Variant: String, Sendable, CaseIterable, Codable {
        case baseRate = "per-skill base rate"
        case standard = "BKT"
        case forgetting = "BKT + forgetting"
        case selected = "BKT, forgetting where it helps"
        case itemAware = "item-aware"
    }

    public struct Metrics: Sendable, Hashable, Codable {
        public var auc: Double
        public var rmse: Double
        public var logLoss: Double
        public var ece: Double
        public var count: Int
    }

    /// Every variant's fitted parameters and fit time.
    public struct Models: Sendable {
        public var standard: [String: BKTParameters] = [:]
        public var forgetting: [String: BKTParameters] = [:]
        public var selected: [String: BKTForgettingSelection.Choice] = [:]
        public var itemAware = ItemAwareModel.identity
        public var baseRates: [String: Double] = [:]
        public var overallRate = 0.5
        public var fitSeconds: [Variant: Double] = [:]

        public func parameters(_ variant: Variant, skill: String) -> BKTParameters {
            switch variant {
            case .standard: standard[skill] ?? .default
            case .forgetting: forgetting[skill] ?? .default
            case .selected, .itemAware, .baseRate: selected[skill]?.parameters ?? .default
            }
        }
    }

    /// Fits the variants; `progress(stage, fraction)` reports as skills complete.
    public static func fit(_ train: KnowledgeTracingDataset, fitter: BKTFitter = BKTFitter(),
                           progress: @escaping @Sendable (String, Double) -> Void = { _, _ in }) async -> Models {
        var models = Models()
        let sequences = train.sequencesBySkill()
        let skillCount = Double(max(sequences.count, 1))
        var right = [Double](repeating: 0, count: train.skills.count), seen = right
        for a in train.attempts { seen[Int(a.skill)] += 1; if a.correct { right[Int(a.skill)] += 1 } }
        for (k, name) in train.skills.enumerated() where seen[k] > 0 { models.baseRates[name] = right[k] / seen[k] }
        models.overallRate = right.reduce(0, +) / max(seen.reduce(0, +), 1)

        let clock = ContinuousClock()
        var start = clock.now
        models.standard = await fitter.forgetting(false).fitAll(sequences) { progress("BKT", 0.3 * Double($0) / skillCount) }.mapValues(\.parameters)
        models.fitSeconds[.standard] = seconds(clock.now - start)
        start = clock.now
        models.forgetting = await fitter.forgetting(true).fitAll(sequences) { progress("BKT + forgetting", 0.3 + 0.3 * Double($0) / skillCount) }.mapValues(\.parameters)
        models.fitSeconds[.forgetting] = seconds(clock.now - start)
        start = clock.now
        models.selected = await BKTForgettingSelection(fitter: fitter).fitAll(sequences) { progress("choosing forgetting per skill", 0.6 + 0.35 * Double($0) / skillCount) }
        models.fitSeconds[.selected] = seconds(clock.now - start)
        start = clock.now
        progress("item-aware layer", 0.95)
        var rows: [ItemAwareModel.Row] = []
        rows.reserveCapacity(train.attempts.count)
        _ = walk(train, models: models, variant: .selected) { attempt, bkt, ability in
            rows.append(ItemAwareModel.Row(bktCorrect: bkt, item: attempt.item >= 0 ? train.items[Int(attempt.item)] : nil,
                                           ability: ability, correct: attempt.correct))
        }
        models.itemAware = ItemAwareModel.fit(rows)
        models.fitSeconds[.itemAware] = models.fitSeconds[.selected]! + seconds(clock.now - start)
        progress("fitted", 1)
        return models
    }

    /// Predictions for every attempt of `test`, in its order.
    public static func predict(_ models: Models, _ variant: Variant, on test: KnowledgeTracingDataset) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(test.attempts.count)
        if variant == .baseRate {
            return test.attempts.map { models.baseRates[test.skills[Int($0.skill)]] ?? models.overallRate }
        }
        _ = walk(test, models: models, variant: variant) { attempt, bkt, ability in
            if variant == .itemAware {
                let item = attempt.item >= 0 ? test.items[Int(attempt.item)] : nil
                out.append(models.itemAware.probability(bktCorrect: bkt, item: item, ability: ability))
            } else {
                out.append(bkt)
            }
        }
        return out
    }

    /// Runs the filter over `data` in order, calling `visit` with each attempt, BKT's prediction
    /// for it and the learner's running ability before it.
    @discardableResult
    static func walk(_ data: KnowledgeTracingDataset, models: Models, variant: Variant,
                     visit: (KnowledgeTracingDataset.Attempt, Double, Double) -> Void) -> Int {
        let parameters = data.skills.map { models.parameters(variant, skill: $0) }
        var states: [Int64: KnowledgeState] = [:]
        var abilities = [ItemAwareModel.Ability](repeating: .init(), count: data.users.count)
        let pseudo = models.itemAware.abilityPseudoCount
        for a in data.attempts {
            let p = parameters[Int(a.skill)]
            let key = Int64(a.skill) << 32 | Int64(a.user)
            let state = states[key] ?? p.initialState
            let predicted = p.probabilityCorrect(state)
            visit(a, predicted, abilities[Int(a.user)].value(pseudoCount: pseudo))
            abilities[Int(a.user)].record(correct: a.correct, predicted: predicted)
            states[key] = p.update(state, correct: a.correct)
        }
        return data.attempts.count
    }

    public static func metrics(_ predictions: [Double], _ test: KnowledgeTracingDataset) -> Metrics {
        let labels = test.attempts.map(\.correct)
        var squared = 0.0
        for (p, y) in zip(predictions, labels) { let e = p - (y ? 1 : 0); squared += e * e }
        return Metrics(
            auc: ModelMetrics.auc(scores: predictions, labels: labels),
            rmse: (squared / Double(max(labels.count, 1))).squareRoot(),
            logLoss: ModelMetrics.logLoss(probabilities: predictions, labels: labels),
            ece: ModelMetrics.expectedCalibrationError(probabilities: predictions, labels: labels),
            count: labels.count)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
