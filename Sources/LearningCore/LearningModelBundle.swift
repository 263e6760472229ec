/// Every fitted model of one training run, versioned and activated as one unit so that the BKT
/// parameters, the mastery model built on their posteriors and the calibrated difficulties always
/// come from the same run.
public struct LearningModelBundle: Codable, Sendable, Hashable {
    public var knowledge: BKTModel
    public var mastery: MasteryModel
    public var difficulty: DifficultyClassifier
    /// Rasch difficulty per quiz item id.
    public var itemDifficulties: [String: RaschCalibrator.ItemEstimate]
    /// Rasch difficulty per lesson id, calibrated from the quiz attempts made in the lesson.
    public var lessonDifficulties: [String: RaschCalibrator.ItemEstimate]
    /// Responses worth as much as the content estimate in `DifficultyEstimate`.
    public var priorStrength: Double
    /// The item-aware next-attempt layer over the BKT state (nil: BKT's prediction alone, as in
    /// bundles stored before it existed or when it did not beat BKT on held-out learners).
    public var itemAware: ItemAwareModel?

    public init(knowledge: BKTModel, mastery: MasteryModel, difficulty: DifficultyClassifier,
                itemDifficulties: [String: RaschCalibrator.ItemEstimate] = [:], lessonDifficulties: [String: RaschCalibrator.ItemEstimate] = [:],
                priorStrength: Double = DifficultyEstimate.defaultPriorStrength, itemAware: ItemAwareModel? = nil) {
        self.itemAware = itemAware
        self.knowledge = knowledge
        self.mastery = mastery
        self.difficulty = difficulty
        self.itemDifficulties = itemDifficulties
        self.lessonDifficulties = lessonDifficulties
        self.priorStrength = priorStrength
    }

    /// What runs before any `wave3 train`: published-typical BKT parameters for every skill
    /// (`BKTParameters.default`), mastery = 100 × the BKT posterior (`MasteryModel.untrained`), the
    /// hand-set content classifier (`DifficultyClassifier.default`) and no Rasch calibration, so
    /// lessons show their content level.
    public static let defaults = LearningModelBundle(knowledge: BKTModel(), mastery: .untrained, difficulty: .default)

    /// The live knowledge-tracing update of this bundle: BKT with the item-aware layer's item
    /// difficulties when it has them.
    public var tracer: KnowledgeTracer { KnowledgeTracer(knowledge: knowledge, items: itemAware) }

    /// A lesson's current difficulty: its content estimate shrunk towards its Rasch calibration.
    public func estimate(lessonId: String?, content: String, prerequisiteDepth: Int) -> DifficultyEstimate {
        let content = difficulty.classify(content: content, prerequisiteDepth: prerequisiteDepth)
        let calibrated = lessonId.flatMap { lessonDifficulties[$0] }
        return DifficultyEstimate(contentLogit: content.expectedLogit, raschLogit: calibrated?.difficulty,
                                  responses: calibrated?.responses ?? 0, priorStrength: priorStrength)
    }
}
