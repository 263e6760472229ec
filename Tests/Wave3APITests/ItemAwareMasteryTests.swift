import Foundation
import HTTPTypes
import HummingbirdTesting
import LearningCore
import Testing
@testable import Storage
@testable import Wave3API

/// Issue 10: with an active model that has item parameters, a quiz answer moves mastery by its
/// item's difficulty, through the same grading path and stored posterior the API serves.
@Suite struct ItemAwareMasteryTests {
    /// q1 hard, q2 easy (both with enough training answers), q3 calibrated on too few answers.
    static let items = ItemAwareModel(itemDifficulties: ["q1": 1.5, "q2": -1.5, "q3": 2], weights: [1, 1, 0],
                                      itemResponses: ["q1": 100, "q2": 100, "q3": 3])

    static func activate(_ bundle: LearningModelBundle, _ services: AppServices) async throws {
        _ = try await services.modelVersions.insert(kind: ModelStore.kind, parameters: String(decoding: try JSONEncoder().encode(bundle), as: UTF8.self),
                                                    metrics: "{}", activate: true)
        #expect(try await services.models.refresh())
    }

    /// P(known) of math.arithmetic after one learner answers `item` with `answer` (0 is right).
    static func pKnown(after item: String, answer: Int, _ client: any TestClientProtocol, email: String) async throws -> Double {
        let learner = try await client.register(email)
        let body = #"{"events":[{"type":"quiz_attempt","lessonId":"l1","itemId":"\#(item)","answer":\#(answer)}]}"#
        let posted = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: "k"])
        #expect(posted.status == .ok, "\(posted.text)")
        let mastery = try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: learner.token)
        #expect(mastery.status == .ok)
        return try #require(LearningTests.skills(mastery).first?["pKnown"] as? Double)
    }

    @Test func aHardItemAnsweredRightGainsMoreMasteryThanAnEasyOne() async throws {
        try await TestEnvironment.withApp { client, services in
            try await LearningTests.seedLesson(services)
            var bundle = LearningModelBundle.defaults
            bundle.itemAware = Self.items
            try await Self.activate(bundle, services)

            let hard = try await Self.pKnown(after: "q1", answer: 0, client, email: "hard@example.org")
            let easy = try await Self.pKnown(after: "q2", answer: 0, client, email: "easy@example.org")
            let thin = try await Self.pKnown(after: "q3", answer: 0, client, email: "thin@example.org")
            #expect(hard > easy, "hard \(hard) vs easy \(easy)")
            let tracer = bundle.tracer
            #expect(abs(hard - tracer.update(nil, skill: "math.arithmetic", item: "q1", correct: true).pKnown) < 1e-4)
            #expect(abs(easy - tracer.update(nil, skill: "math.arithmetic", item: "q2", correct: true).pKnown) < 1e-4)
            // Too few answers behind q3's difficulty: plain BKT.
            #expect(abs(thin - BKTParameters.default.pKnown(after: [true])) < 1e-4)
            // Wrong answers: an easy item costs more.
            let wrongEasy = try await Self.pKnown(after: "q2", answer: 1, client, email: "wrong-easy@example.org")
            let wrongHard = try await Self.pKnown(after: "q1", answer: 1, client, email: "wrong-hard@example.org")
            #expect(wrongEasy < wrongHard)

            // Recommendations read the same model: a learner with item parameters still gets reasons.
            let learner = try await client.register("rec@example.org")
            let recommended = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations?algorithm=prerequisite", token: learner.token)
            #expect(recommended.status == .ok, "\(recommended.text)")
            let reasons = (recommended.json["items"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
            #expect(reasons.contains { $0.contains("predicted") }, "\(recommended.text)")
        }
    }

    @Test func withoutItemParametersMasteryIsUnchanged() async throws {
        try await TestEnvironment.withApp { client, services in
            try await LearningTests.seedLesson(services)
            // A trained-looking version without the item layer: every item is plain BKT.
            try await Self.activate(LearningModelBundle.defaults, services)
            let hard = try await Self.pKnown(after: "q1", answer: 0, client, email: "a@example.org")
            let easy = try await Self.pKnown(after: "q2", answer: 0, client, email: "b@example.org")
            #expect(hard == easy)
            #expect(abs(hard - BKTParameters.default.pKnown(after: [true])) < 1e-4)
        }
    }
}
