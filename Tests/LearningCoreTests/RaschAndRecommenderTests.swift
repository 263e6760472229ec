import Foundation
import Testing
@testable import LearningCore
import LearningSimulation

@Suite struct RaschCalibratorTests {
    @Test func ordersItemsByHowOftenTheyAreMissed() {
        // Ten persons; item "easy" answered right by 9, "mid" by 5, "hard" by 1, "all" by everyone.
        var responses: [RaschResponse] = []
        for person in 0..<10 {
            responses.append(RaschResponse(person: "p\(person)", item: "easy", correct: person < 9))
            responses.append(RaschResponse(person: "p\(person)", item: "mid", correct: person < 5))
            responses.append(RaschResponse(person: "p\(person)", item: "hard", correct: person < 1))
            responses.append(RaschResponse(person: "p\(person)", item: "all", correct: true))
        }
        let c = RaschCalibrator().calibrate(responses)
        let b = c.items.mapValues(\.difficulty)
        #expect(b["all"]! < b["easy"]! && b["easy"]! < b["mid"]! && b["mid"]! < b["hard"]!)
        #expect(b.values.allSatisfy { $0.isFinite }, "the prior keeps a perfect item finite")
        #expect(c.items["mid"]?.responses == 10)
        #expect(c.items.values.allSatisfy { $0.standardError > 0 && $0.standardError < 2 })
        // Person p0 got everything right, p9 only the universal item.
        #expect(c.abilities["p0"]! > c.abilities["p9"]!)
    }

    @Test func abilityAgainstKnownDifficulties() {
        let calibrator = RaschCalibrator()
        #expect(calibrator.ability(responses: []) == 0, "the prior mean")
        let strong = calibrator.ability(responses: [(0, true), (1, true), (-1, true)])
        let weak = calibrator.ability(responses: [(0, false), (1, false), (-1, false)])
        #expect(strong > 0 && weak < 0 && strong.isFinite && weak.isFinite)
        #expect(abs(strong + weak) < 1e-9, "symmetric data, symmetric estimates")
    }

    @Test func recoversSimulatedDifficulties() {
        var simulator = LearnerSimulator(seed: 5)
        let data = simulator.raschResponses(items: 40, persons: 600, responsesPerItem: 150)
        let c = RaschCalibrator().calibrate(data.responses)
        let estimated = data.difficulties.indices.map { c.items["i\($0)"]!.difficulty }
        #expect(ModelMetrics.spearman(estimated, data.difficulties) > 0.9)
    }
}

@Suite struct RecommenderTests {
    // A → B → C chain plus an independent D.
    static let lessons = [
        RecommendableLesson(id: "A", title: "Alpha", skills: ["s.a"], difficulty: -1),
        RecommendableLesson(id: "B", title: "Beta", skills: ["s.b"], prerequisites: ["A"], difficulty: -1),
        RecommendableLesson(id: "C", title: "Gamma", skills: ["s.c"], prerequisites: ["B"], difficulty: 0),
        RecommendableLesson(id: "D", title: "Delta", skills: ["s.d"], difficulty: 3),
    ]
    static let histories = [["A", "B"], ["A", "B"], ["A", "D"], ["D"]]
    let recommender = Recommender(lessons: lessons, completionHistories: histories)

    @Test func cosineSimilarityByHand() {
        let index = CollaborativeIndex(lessonCount: 4, histories: [[0, 1], [0, 1], [0, 3], [3]], neighboursPerLesson: 10)
        #expect(index.completionCounts == [3, 2, 0, 2])
        let ofA = index.neighbours[0]
        #expect(ofA.map(\.index) == [1, 3])
        #expect(abs(Double(ofA[0].similarity) - 2 / 6.0.squareRoot()) < 1e-6)
        #expect(abs(Double(ofA[1].similarity) - 1 / 6.0.squareRoot()) < 1e-6)
        #expect(index.neighbours[2].isEmpty)
    }

    @Test func popularityExcludesCompleted() {
        let r = recommender.recommend(for: LearnerProfile(completed: ["A"]), algorithm: .popularity, limit: 10)
        #expect(r.map(\.lessonId) == ["B", "D", "C"], "B and D tie on 2 completions: catalogue order")
        #expect(r.first?.reason.contains("2 learners") == true)
    }

    @Test func prerequisiteRespectsTheGraphAndTheZone() {
        let learner = LearnerProfile(completed: ["A"], ability: 0)
        let r = recommender.recommend(for: learner, algorithm: .prerequisite, limit: 10)
        #expect(Set(r.map(\.lessonId)) == ["B", "D"], "C is locked behind B")
        // B: P(success) = σ(0 − (−1)) ≈ 0.73, inside the 70–85 % band; D: σ(−3) ≈ 0.05, a stretch.
        #expect(r.first?.lessonId == "B")
        #expect(r.first?.reason.contains("73%") == true)
        #expect(r.last?.reason.contains("stretch") == true)
        #expect(abs(recommender.predictedSuccess(lessonId: "B", ability: 0)! - Logistic.sigmoid(1)) < 1e-12)
        // Mastering A's skill unlocks B without completing A.
        let masteredA = recommender.recommend(for: LearnerProfile(mastery: ["s.a": 0.97]), algorithm: .prerequisite, limit: 10)
        #expect(masteredA.map(\.lessonId).contains("B"))
        let notYet = recommender.recommend(for: LearnerProfile(mastery: ["s.a": 0.5]), algorithm: .prerequisite, limit: 10)
        #expect(!notYet.map(\.lessonId).contains("B"))
    }

    @Test func collaborativeAndHybrid() {
        let learner = LearnerProfile(completed: ["A"], ability: 0)
        let collaborative = recommender.recommend(for: learner, algorithm: .collaborative, limit: 10)
        #expect(collaborative.map(\.lessonId) == ["B", "D"])
        #expect(abs(collaborative[0].score - 2 / 6.0.squareRoot()) < 1e-6)
        #expect(collaborative[0].reason.contains("“Alpha”"))
        let hybrid = recommender.recommend(for: learner, algorithm: .hybrid, limit: 10)
        #expect(hybrid.map(\.lessonId) == ["B", "D"])
        #expect(recommender.recommend(for: learner, algorithm: .hybrid, limit: 1).count == 1)
        #expect(recommender.recommend(for: learner, algorithm: .hybrid, limit: 0).isEmpty)
        // Unknown completed ids are ignored rather than fatal.
        #expect(!recommender.recommend(for: LearnerProfile(completed: ["nope"]), algorithm: .hybrid, limit: 3).isEmpty)
    }
}

@Suite struct LearnerSimulatorTests {
    @Test func sameSeedSameData() {
        var a = LearnerSimulator(seed: 9), b = LearnerSimulator(seed: 9)
        let p = [BKTParameters.default]
        #expect(a.knowledgeTracingHistories(parameters: p, learners: 20, skillsPerLearner: 1, attemptsPerSkill: 2...5)
                == b.knowledgeTracingHistories(parameters: p, learners: 20, skillsPerLearner: 1, attemptsPerSkill: 2...5))
        var c = LearnerSimulator(seed: 10)
        #expect(a.raschResponses(items: 3, persons: 10, responsesPerItem: 5).responses != c.raschResponses(items: 3, persons: 10, responsesPerItem: 5).responses)
    }
}
