import Foundation
import Testing
@testable import LearningCore

/// The live BKT update with item difficulty (`KnowledgeTracer`): hard items weigh a correct answer
/// more, easy items a wrong one, and without item parameters nothing changes.
@Suite struct ItemAwareTracingTests {
    static let skill = BKTParameters(prior: 0.3, learn: 0.15, guess: 0.25, slip: 0.1, forget: 0.02)
    static let items = ItemAwareModel(itemDifficulties: ["hard": 1.5, "easy": -1.5, "thin": 2, "average": 0], weights: [1, 1, 0],
                                      itemResponses: ["hard": 80, "easy": 80, "thin": ItemAwareModel.minimumItemResponses - 1, "average": 80])
    static let tracer = KnowledgeTracer(knowledge: BKTModel(skills: ["s": skill]), items: items)

    @Test func aHardItemAnsweredRightRaisesMasteryMoreThanAnEasyOne() {
        let before = Self.skill.initialState
        let hard = Self.tracer.update(before, skill: "s", item: "hard", correct: true)
        let easy = Self.tracer.update(before, skill: "s", item: "easy", correct: true)
        let plain = Self.skill.update(before, correct: true)
        #expect(hard.pKnown > plain.pKnown && plain.pKnown > easy.pKnown, "hard \(hard.pKnown), plain \(plain.pKnown), easy \(easy.pKnown)")
        #expect(easy.pKnown > before.pKnown, "a right answer is still evidence of knowing")
        // And the mirror image: a wrong answer on an easy item costs more than on a hard one.
        let wrongEasy = Self.tracer.update(before, skill: "s", item: "easy", correct: false)
        let wrongHard = Self.tracer.update(before, skill: "s", item: "hard", correct: false)
        #expect(wrongEasy.pKnown < wrongHard.pKnown)
        #expect(wrongHard.pKnown < plain.pKnown)
    }

    @Test func theShiftMatchesTheHandComputedEmissions() {
        let p = Self.skill.forItem(shift: 1.5)
        let logit = { (x: Double) in log(x / (1 - x)) }
        #expect(abs(logit(p.guess) - (logit(0.25) - 1.5)) < 1e-12)
        #expect(abs(logit(1 - p.slip) - (logit(0.9) - 1.5)) < 1e-12)
        #expect(p.prior == 0.3 && p.learn == 0.15 && p.forget == 0.02)
        for shift in stride(from: -6.0, through: 6.0, by: 0.5) { #expect(Self.skill.forItem(shift: shift).isValid, "shift \(shift)") }
        #expect(Self.tracer.parameters(skill: "s", item: "hard") == Self.skill.forItem(shift: 1.5))
        // The layer's weight on difficulty scales the shift, and the shift is bounded.
        var halved = Self.items
        halved.weights = [1, 0.5, 0]
        #expect(halved.emissionShift(item: "hard") == 0.75)
        halved.itemDifficulties["hard"] = 40
        #expect(halved.emissionShift(item: "hard") == 4)
    }

    @Test func withoutItemParametersTheUpdateIsPlainBKT() throws {
        var generator = SeededGenerator(seed: 10)
        let outcomes = (0..<500).map { _ in Bool.random(using: &generator) }
        let itemNames: [String?] = ["hard", "easy", "thin", "unknown", nil]
        let answers = outcomes.enumerated().map { (item: itemNames[$0.offset % itemNames.count], correct: $0.element) }
        let plain = Self.skill.state(after: outcomes)
        // No item model, the identity layer, and a bundle stored before item counts existed.
        let stored = try JSONEncoder().encode(ItemAwareModel(itemDifficulties: ["hard": 1.5, "easy": -1.5], weights: [1, 1, 0]))
        let old = try JSONDecoder().decode(ItemAwareModel.self, from: stored)
        #expect(old.itemResponses == nil)
        for items in [nil, ItemAwareModel.identity, old] {
            let tracer = KnowledgeTracer(knowledge: BKTModel(skills: ["s": Self.skill]), items: items)
            #expect(tracer.state(skill: "s", after: answers) == plain, "exactly the same state")
        }
        #expect(LearningModelBundle.defaults.tracer.parameters(skill: "s", item: "hard") == .default)
        // Items with too few answers, unknown items and itemless attempts fall back to the skill's parameters.
        for item in ["thin", "unknown", nil, "average"] as [String?] {
            #expect(Self.tracer.parameters(skill: "s", item: item) == Self.skill, "\(item ?? "nil")")
        }
    }

    @Test func noLongSequenceOfItemAnswersSticksAtZeroOrOne() {
        var state = Self.skill.initialState
        for t in 0..<10_000 {
            state = Self.tracer.update(state, skill: "s", item: t % 2 == 0 ? "hard" : "easy", correct: t < 5_000)
            #expect(state.logOdds.isFinite)
            if t < 5_000 { #expect(state.pUnknown > 0) } else { #expect(state.pKnown > 0) }
        }
    }

    @Test func predictedSuccessUsesTheItemsDifficulties() throws {
        let knownish = ["s": KnowledgeState(pKnown: 0.6)]
        let hard = try #require(Self.tracer.predictedSuccess(items: [(id: "hard", skill: "s")], states: knownish, ability: 0))
        let easy = try #require(Self.tracer.predictedSuccess(items: [(id: "easy", skill: "s")], states: knownish, ability: 0))
        let bkt = Self.skill.probabilityCorrect(pKnown: 0.6)
        #expect(hard < bkt && bkt < easy)
        #expect(abs(easy - Self.items.probability(bktCorrect: bkt, item: "easy", ability: 0)) < 1e-12)
        // A lesson mixing a calibrated and a thin item averages the layer and plain BKT.
        let mixed = try #require(Self.tracer.predictedSuccess(items: [(id: "hard", skill: "s"), (id: "thin", skill: "s")], states: knownish, ability: 0))
        #expect(abs(mixed - (hard + bkt) / 2) < 1e-12)
        // No calibrated item, or no item model: nil, so the recommender keeps Rasch.
        #expect(Self.tracer.predictedSuccess(items: [(id: "thin", skill: "s")], states: knownish, ability: 0) == nil)
        #expect(KnowledgeTracer(knowledge: Self.tracer.knowledge).predictedSuccess(items: [(id: "hard", skill: "s")], states: knownish, ability: 0) == nil)
    }

    @Test func recommendationsUseTheItemAwarePrediction() {
        let lessons = [RecommendableLesson(id: "L", title: "Lesson", subject: "x", difficulty: 0)]
        let recommender = Recommender(lessons: lessons, completionHistories: [])
        let rasch = recommender.recommend(for: LearnerProfile(ability: 0), algorithm: .prerequisite, limit: 1)
        #expect(rasch.first?.reason.contains("predicted 50% success") == true, "\(rasch)")
        let itemAware = recommender.recommend(for: LearnerProfile(ability: 0, predictedSuccess: ["L": 0.78]), algorithm: .prerequisite, limit: 1)
        #expect(itemAware.first?.reason.contains("predicted 78% success: challenging but within reach") == true, "\(itemAware)")
        #expect((itemAware.first?.score ?? 0) > (rasch.first?.score ?? 1), "inside the target band scores higher")
    }
}
