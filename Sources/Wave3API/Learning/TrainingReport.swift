import Foundation

/// Held-out quality of one `wave3 train` run, stored as the version's `metrics` JSON and printed.
/// Optional figures are nil when the data cannot support them (e.g. one class only).
struct TrainingReport: Codable, Sendable, Equatable {
    struct KnowledgeTracing: Codable, Sendable, Equatable {
        /// Skills with enough attempts for their own parameters; the rest use the defaults.
        var fittedSkills: Int
        var attempts: Int
        var heldOutLearners: Int
        var heldOutAttempts: Int
        /// Next-attempt AUC on held-out learners, of the fitted parameters and of the defaults.
        var heldOutAUC: Double?
        var defaultParametersAUC: Double?
        var fitSeconds: Double
        /// Skills where forgetting raised the held-out likelihood and was kept.
        var forgettingSkills: Int?
        /// Held-out next-attempt AUC of the item-aware layer, and whether it replaced BKT's prediction.
        var itemAwareAUC: Double?
        var itemAwareUsed: Bool?
        /// BKT's prediction when the states are filtered with the items' emissions, as the live
        /// update does once the layer is used.
        var itemFilteredAUC: Double?
    }

    struct Mastery: Codable, Sendable, Equatable {
        var trained: Bool
        var trainingExamples: Int
        var heldOutExamples: Int
        /// AUC of the score for the held-out learners' next attempt after the cut.
        var heldOutAUC: Double?
        /// Calibration against the hindsight P(known) the model is trained to predict.
        var heldOutECE: Double?
        /// The BKT posterior alone on the same held-out examples, the baseline the model must beat.
        var posteriorOnlyAUC: Double?
    }

    struct Rasch: Codable, Sendable, Equatable {
        var items: Int
        var lessons: Int
        var responses: Int
        var heldOutResponses: Int
        var heldOutAUC: Double?
    }

    struct Difficulty: Codable, Sendable, Equatable {
        /// Lessons whose Rasch calibration had enough responses to serve as a label.
        var labelledLessons: Int
        var trained: Bool
        /// Leave-one-out accuracy of the learned classifier and of the hand-set default on those labels.
        var heldOutAccuracy: Double?
        var defaultAccuracy: Double?
    }

    var learners: Int
    var events: Int
    var knowledgeTracing: KnowledgeTracing
    var mastery: Mastery
    var rasch: Rasch
    var difficulty: Difficulty
    var seconds: Double

    /// The lines `wave3 train` prints.
    var summary: String {
        func f(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "n/a" }
        return """
            data: \(learners) learners, \(events) events, \(knowledgeTracing.attempts) scored attempts
            BKT: \(knowledgeTracing.fittedSkills) skills fitted in \(f(knowledgeTracing.fitSeconds, 2)) s; held-out next-attempt AUC \(f(knowledgeTracing.heldOutAUC)) (defaults \(f(knowledgeTracing.defaultParametersAUC))) on \(knowledgeTracing.heldOutAttempts) attempts of \(knowledgeTracing.heldOutLearners) learners; forgetting kept for \(knowledgeTracing.forgettingSkills ?? 0) skills
            item-aware: held-out next-attempt AUC \(f(knowledgeTracing.itemAwareAUC)) (BKT filtered with item difficulties \(f(knowledgeTracing.itemFilteredAUC))); \(knowledgeTracing.itemAwareUsed == true ? "used in predictions and the live update (beats BKT alone)" : "not used (BKT alone ranks as well)")
            mastery: \(mastery.trained ? "learned model" : "kept mastery = 100 × P(known) (too few examples or no held-out gain)"), \(mastery.trainingExamples) examples; held-out next-attempt AUC \(f(mastery.heldOutAUC)) (posterior alone \(f(mastery.posteriorOnlyAUC))), ECE vs hindsight P(known) \(f(mastery.heldOutECE)) on \(mastery.heldOutExamples)
            Rasch: \(rasch.items) items, \(rasch.lessons) lessons from \(rasch.responses) responses; held-out response AUC \(f(rasch.heldOutAUC)) on \(rasch.heldOutResponses)
            difficulty: \(difficulty.labelledLessons) lessons labelled by calibration; \(difficulty.trained ? "learned classifier" : "hand-set classifier kept"), leave-one-out accuracy \(f(difficulty.heldOutAccuracy)) (hand-set \(f(difficulty.defaultAccuracy)))
            total \(f(seconds, 2)) s
            """
    }
}
