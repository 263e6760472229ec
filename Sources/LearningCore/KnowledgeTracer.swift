import Foundation

/// The knowledge-tracing update the API runs on each scored attempt: the skill's BKT parameters,
/// with the item's calibrated difficulty when the active model has one for the item
/// (`ItemAwareModel.emissionShift(item:)`, `BKTParameters.forItem(shift:)`), and plain BKT for
/// items without enough data, attempts without an item, and models without item parameters.
public struct KnowledgeTracer: Sendable, Hashable {
    public var knowledge: BKTModel
    /// Item difficulties; nil: plain BKT for every attempt.
    public var items: ItemAwareModel?

    public init(knowledge: BKTModel = BKTModel(), items: ItemAwareModel? = nil) {
        self.knowledge = knowledge
        self.items = items
    }

    /// The parameters that observe an answer to `item` on `skill`.
    public func parameters(skill: String, item: String?) -> BKTParameters {
        let skillParameters = knowledge.parameters(for: skill)
        guard let shift = items?.emissionShift(item: item) else { return skillParameters }
        return skillParameters.forItem(shift: shift)
    }

    /// The state after one more answer; nil `state` means the learner has none yet, so the skill's
    /// prior applies.
    public func update(_ state: KnowledgeState?, skill: String, item: String?, correct: Bool) -> KnowledgeState {
        let parameters = parameters(skill: skill, item: item)
        return parameters.update(state ?? parameters.initialState, correct: correct)
    }

    /// The state after a learner's answers on one skill, oldest first.
    public func state(skill: String, after answers: some Sequence<(item: String?, correct: Bool)>) -> KnowledgeState {
        var state = knowledge.parameters(for: skill).initialState
        for answer in answers { state = update(state, skill: skill, item: answer.item, correct: answer.correct) }
        return state
    }

    /// P(correct) a learner in `states` is predicted to reach on a lesson's quiz items: the
    /// item-aware layer's prediction on items with enough data, BKT's on the others; nil when no
    /// item has enough data (the caller then falls back to the lesson's Rasch difficulty).
    public func predictedSuccess(items lessonItems: [(id: String, skill: String)], states: [String: KnowledgeState], ability: Double) -> Double? {
        guard let model = items, lessonItems.contains(where: { model.emissionShift(item: $0.id) != nil }) else { return nil }
        var sum = 0.0
        for item in lessonItems {
            let parameters = knowledge.parameters(for: item.skill)
            let bkt = parameters.probabilityCorrect(states[item.skill] ?? parameters.initialState)
            sum += model.emissionShift(item: item.id) == nil ? bkt : model.probability(bktCorrect: bkt, item: item.id, ability: ability)
        }
        return sum / Double(lessonItems.count)
    }
}
