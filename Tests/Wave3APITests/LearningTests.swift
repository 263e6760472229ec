import Foundation
import HTTPTypes
import HummingbirdTesting
import LearningCore
import Logging
import Testing
@testable import Storage
@testable import Wave3API

/// Mastery, mastery prediction, difficulty classification and recommendations: good and bad input.
@Suite struct LearningTests {
    static func seedLesson(_ services: AppServices) async throws {
        try await services.lessons.upsertSubject(SubjectRecord(id: "math", name: "Math", description: ""))
        _ = try await services.lessons.create(id: "l1", draft: LessonDraft(subjectId: "math", title: "Adding", content: "Add numbers.", estimatedMinutes: 5,
                                                                        difficulty: "beginner", skills: ["math.arithmetic"], prerequisites: [])) { _ in }
        try await ProgressTests.seedQuiz(services, withL2: false)
    }

    /// One graded attempt per outcome, each at its own item (an item stops counting once answered
    /// right): the right answer is choice 0 (`ProgressTests.seedQuiz`).
    static func attempts(_ outcomes: [Bool], firstItem: Int = 1) -> String {
        let events = outcomes.enumerated().map { #"{"type":"quiz_attempt","lessonId":"l1","itemId":"q\#($0 + firstItem)","answer":\#($1 ? 0 : 1)}"# }
        return #"{"events":["# + events.joined(separator: ",") + "]}"
    }

    static func skills(_ response: TestResponse) -> [[String: Any]] { response.json["skills"] as? [[String: Any]] ?? [] }

    @Test func masteryIsTracedOnlineAndNotTwiceOnReplay() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLesson(services)
            let learner = try await client.register("m@example.org")
            let empty = try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: learner.token)
            #expect(empty.status == .ok)
            #expect(Self.skills(empty).isEmpty)
            #expect(empty.json["overall"] as? Double == 0)
            #expect(empty.json["modelVersion"] as? Int == 0)

            let outcomes = [false, true, true, false, true]
            let body = Self.attempts(outcomes)
            let first = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: "a"])
            #expect(first.status == .ok, "\(first.text)")
            let expected = BKTParameters.default.pKnown(after: outcomes)
            func check() async throws {
                let mastery = try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: learner.token)
                #expect(mastery.status == .ok)
                let skill = try #require(Self.skills(mastery).first)
                #expect(Self.skills(mastery).count == 1)
                #expect(skill["skill"] as? String == "math.arithmetic")
                #expect(skill["attempts"] as? Int == 5)
                #expect(skill["correct"] as? Int == 3)
                let pKnown = try #require(skill["pKnown"] as? Double)
                #expect(abs(pKnown - expected) < 1e-4, "stored \(pKnown), expected \(expected)")
                // Untrained mastery model: the score is 100 × P(known).
                #expect(abs((skill["mastery"] as? Double ?? -1) - 100 * expected) < 0.06)
            }
            try await check()
            let replay = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body, headers: [ProgressController.keyHeader: "a"])
            #expect(replay.headers[ProgressController.replayedHeader] == "true")
            try await check()

            let other = try await client.register("n@example.org")
            #expect(try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: other.token).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery").status == .unauthorized)
            let admin = try await client.admin(services)
            #expect(try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: admin.token).status == .ok)
            let missing = try await client.send(.get, "/api/v1/learners/nobody/mastery", token: admin.token)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test func concurrentAttemptsOfOneLearnerAreAllTraced() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLesson(services)
            let learner = try await client.register("c@example.org")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<6 {
                    group.addTask {
                        let r = try await client.send(.post, "/api/v1/progress", token: learner.token, json: Self.attempts([true], firstItem: k + 1),
                                                      headers: [ProgressController.keyHeader: "k\(k)"])
                        #expect(r.status == .ok)
                    }
                }
                try await group.waitForAll()
            }
            let state = try #require(try await services.learningData.skillKnowledge(userId: learner.userId).first)
            #expect(state.attempts == 6)
            #expect(abs(state.pKnown - BKTParameters.default.pKnown(after: Array(repeating: true, count: 6))) < 1e-9)
        }
    }

    @Test func predictMastery() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLesson(services)
            let learner = try await client.register("p@example.org")
            let good = try await client.send(.post, "/api/v1/mastery/predict", token: learner.token,
                                             json: #"{"pKnown":0.8,"quizAttempts":10,"accuracy":0.7,"averageScore":75,"timeSpentMinutes":30,"practiceProblems":4,"videoViews":2,"consecutiveDays":3,"helpRequests":1}"#)
            #expect(good.status == .ok, "\(good.text)")
            #expect(good.json["mastery"] as? Double == 80)
            #expect(good.json["pKnown"] as? Double == 0.8)
            #expect(good.json["modelVersion"] as? Int == 0)

            // Without pKnown: the caller's stored posterior for the skill, else the skill's prior.
            let prior = try await client.send(.post, "/api/v1/mastery/predict", token: learner.token, json: #"{"skill":"math.arithmetic"}"#)
            #expect(prior.json["pKnown"] as? Double == BKTParameters.default.prior)
            _ = try await client.send(.post, "/api/v1/progress", token: learner.token, json: Self.attempts([true, true]),
                                      headers: [ProgressController.keyHeader: "k"])
            let stored = try await client.send(.post, "/api/v1/mastery/predict", token: learner.token, json: #"{"skill":"math.arithmetic"}"#)
            let expected = BKTParameters.default.pKnown(after: [true, true])
            #expect(abs((stored.json["pKnown"] as? Double ?? 0) - expected) < 1e-4)

            let cases: [(String, Int, String)] = [
                (#"{"pKnown":1.5}"#, 422, "invalid_p_known"),
                (#"{"accuracy":-0.1}"#, 422, "invalid_accuracy"),
                (#"{"averageScore":101}"#, 422, "invalid_average_score"),
                (#"{"quizAttempts":-1}"#, 422, "invalid_quiz_attempts"),
                (#"{"helpRequests":2000000}"#, 422, "invalid_help_requests"),
                (#"{"timeSpentMinutes":-3}"#, 422, "invalid_time_spent_minutes"),
                (#"{"skill":""}"#, 422, "invalid_skill"),
                (#"{"accuracy":"high"}"#, 400, "invalid_body"),
                (#"{"quizAttempts":1.5}"#, 400, "invalid_body"),
                (#"[1,2]"#, 400, "invalid_body"),
                (#"{"#, 400, "invalid_body"),
            ]
            for (body, status, code) in cases {
                let response = try await client.send(.post, "/api/v1/mastery/predict", token: learner.token, json: body)
                #expect(Int(response.status.code) == status, "\(body) → \(response.status)")
                #expect(response.errorCode == code, "\(body) → \(response.text)")
            }
            let empty = try await client.send(.post, "/api/v1/mastery/predict", token: learner.token)
            #expect(empty.errorCode == "empty_body")
            #expect(try await client.send(.post, "/api/v1/mastery/predict", json: #"{"pKnown":0.5}"#).status == .unauthorized)
        }
    }

    static let easyText = "The cat sat on the mat. It was a sunny day. We like to play."
    static let hardText = """
        Consider the eigendecomposition of a symmetric positive-definite covariance matrix, whose orthogonal eigenvectors \
        diagonalise the quadratic form and whose eigenvalues quantify the variance along each principal direction.

        $$\\Sigma = Q \\Lambda Q^T$$

        The characteristic polynomial $\\det(\\Sigma - \\lambda I) = 0$ yields the spectrum; numerically, one prefers \
        Householder reflections followed by implicitly shifted QR iterations.

        ```swift
        let decomposition = try SymmetricEigen(matrix)
        ```

        See the diagram of the transformation.
        """

    @Test func classifyDifficulty() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.seedLesson(services)
            let learner = try await client.register("d@example.org")
            func classify(_ json: String) async throws -> TestResponse {
                try await client.send(.post, "/api/v1/difficulty/classify", token: learner.token, json: json)
            }
            func encoded(_ content: String, extra: String = "") -> String {
                let text = String(decoding: try! JSONEncoder().encode(content), as: UTF8.self)
                return #"{"content":\#(text)\#(extra)}"#
            }
            let easy = try await classify(encoded(Self.easyText))
            #expect(easy.status == .ok, "\(easy.text)")
            #expect(easy.json["level"] as? String == "beginner")
            let probabilities = try #require(easy.json["probabilities"] as? [String: Double])
            #expect(Set(probabilities.keys) == Set(DifficultyLevel.allCases.map(\.rawValue)))
            #expect(abs(probabilities.values.reduce(0, +) - 1) < 1e-3)
            let features = try #require(easy.json["features"] as? [String: Any])
            #expect(features["wordCount"] as? Int == 15)
            #expect(features["sentenceCount"] as? Int == 3)
            #expect(easy.json["modelVersion"] as? Int == 0)

            let hard = try await classify(encoded(Self.hardText, extra: #","prerequisites":["l1"],"prerequisiteDepth":4"#))
            #expect(hard.status == .ok, "\(hard.text)")
            let hardFeatures = try #require(hard.json["features"] as? [String: Any])
            #expect(hardFeatures["formulaCount"] as? Int == 2)
            #expect(hardFeatures["codeBlockCount"] as? Int == 1)
            #expect(hardFeatures["imageCount"] as? Int == 1)
            #expect(hardFeatures["prerequisiteDepth"] as? Int == 4)
            let easyLevel = try #require(DifficultyLevel(rawValue: easy.json["level"] as? String ?? ""))
            let hardLevel = try #require(DifficultyLevel(rawValue: hard.json["level"] as? String ?? ""))
            #expect(hardLevel >= .advanced, "\(hard.text)")
            #expect(easyLevel < hardLevel)

            let cases: [(String, Int, String)] = [
                (#"{"content":""}"#, 422, "invalid_content"),
                (#"{"content":"   \n "}"#, 422, "invalid_content"),
                (encoded("Some text.", extra: #","prerequisites":["missing-lesson"]"#), 422, "unknown_prerequisite"),
                (encoded("Some text.", extra: #","prerequisites":[""]"#), 422, "invalid_prerequisites"),
                (encoded("Some text.", extra: #","prerequisiteDepth":-1"#), 422, "invalid_prerequisite_depth"),
                (#"{"text":"no content field"}"#, 400, "invalid_body"),
                (#"{"content":42}"#, 400, "invalid_body"),
                ("not json", 400, "invalid_body"),
            ]
            for (body, status, code) in cases {
                let response = try await classify(body)
                #expect(Int(response.status.code) == status, "\(body) → \(response.status)")
                #expect(response.errorCode == code, "\(body) → \(response.text)")
            }
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.text.contains("wave3_model_inference_seconds"), "inference time is exported")
            #expect(metrics.text.contains(#"model="difficulty""#))
            let huge = try await classify(encoded(String(repeating: "word ", count: 20_000)))
            #expect(huge.status == .contentTooLarge)
            #expect(try await client.send(.post, "/api/v1/difficulty/classify", json: #"{"content":"x"}"#).status == .unauthorized)
        }
    }

    static func login(_ client: any TestClientProtocol, _ email: String, _ password: String = DemoSeeder.learnerPassword) async throws -> Session {
        let response = try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"\#(password)"}"#)
        #expect(response.status == .ok, "\(response.text)")
        let user = response.json["user"] as? [String: Any]
        return Session(token: response.json["token"] as? String ?? "", userId: user?["id"] as? String ?? "")
    }

    @Test func recommendationsForEveryAlgorithm() async throws {
        try await TestEnvironment.withApp { client, services in
            _ = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            let learner = try await Self.login(client, "katherine@wave3.dev")
            let completed = Set(try await services.learningData.completedLessons(userId: learner.userId))
            #expect(!completed.isEmpty)
            let catalogue = Dictionary(uniqueKeysWithValues: try await services.learningData.catalogue().map { ($0.id, $0) })
            var knowledge: [String: Double] = [:]
            for state in try await services.learningData.skillKnowledge(userId: learner.userId) { knowledge[state.skillId] = state.pKnown }
            /// Met: completed, or every skill it teaches mastered (the recommender's rule).
            func met(_ prerequisite: String) -> Bool {
                completed.contains(prerequisite) || (catalogue[prerequisite].map { l in !l.skills.isEmpty && l.skills.allSatisfy { (knowledge[$0] ?? 0) >= 0.95 } } ?? false)
            }
            for algorithm in RecommendationAlgorithm.allCases {
                let response = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations?algorithm=\(algorithm.rawValue)&limit=5",
                                                     token: learner.token)
                #expect(response.status == .ok, "\(algorithm): \(response.text)")
                #expect(response.json["algorithm"] as? String == algorithm.rawValue)
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect((1...5).contains(items.count), "\(algorithm): \(response.text)")
                for item in items {
                    let id = try #require(item["lessonId"] as? String)
                    #expect(!completed.contains(id), "\(algorithm) recommended completed lesson \(id)")
                    #expect(item["title"] as? String == catalogue[id]?.title)
                    #expect((item["reason"] as? String ?? "").count > 10)
                    if algorithm == .prerequisite || algorithm == .hybrid {
                        #expect(catalogue[id]?.prerequisites.allSatisfy(met) == true, "\(algorithm): \(id) is locked")
                    }
                }
                let scores = items.compactMap { $0["score"] as? Double }
                #expect(scores == scores.sorted(by: >))
            }
            let byDefault = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations", token: learner.token)
            #expect(byDefault.json["algorithm"] as? String == "hybrid")

            let base = "/api/v1/learners/\(learner.userId)/recommendations"
            for (query, code) in [("?algorithm=magic", "invalid_algorithm"), ("?limit=0", "invalid_limit"), ("?limit=51", "invalid_limit"), ("?limit=x", "invalid_limit")] {
                let response = try await client.send(.get, base + query, token: learner.token)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.errorCode == code, "\(query) → \(response.text)")
            }
            let other = try await client.register("o@example.org")
            #expect(try await client.send(.get, base, token: other.token).status == .forbidden)
            #expect(try await client.send(.get, base).status == .unauthorized)
            let admin = try await Self.login(client, DemoSeeder.adminEmail, DemoSeeder.adminPassword)
            #expect(try await client.send(.get, base, token: admin.token).status == .ok)
            #expect(try await client.send(.get, "/api/v1/learners/nobody/recommendations", token: admin.token).status == .notFound)
            // A new learner with no history gets collaborative recommendations too, each saying why.
            let coldStart = try await client.send(.get, "/api/v1/learners/\(other.userId)/recommendations?algorithm=collaborative&limit=5", token: other.token)
            let coldItems = coldStart.json["items"] as? [[String: Any]] ?? []
            #expect(coldItems.count == 5, "\(coldStart.text)")
            for item in coldItems {
                let reason = item["reason"] as? String ?? ""
                #expect(reason.hasPrefix("A place to start") || reason.hasPrefix("Popular") || reason.contains("popular in your subject"), "\(reason)")
                if reason.hasPrefix("A place to start") { #expect(catalogue[item["lessonId"] as? String ?? ""]?.prerequisites.isEmpty == true) }
            }
            // Hybrid reasons are true of their lesson: no "unlocked by what you completed" without prerequisites.
            let hybrid = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations?algorithm=hybrid&limit=10", token: learner.token)
            for item in hybrid.json["items"] as? [[String: Any]] ?? [] {
                let reason = item["reason"] as? String ?? ""
                let prerequisites = catalogue[item["lessonId"] as? String ?? ""]?.prerequisites ?? []
                let done = prerequisites.filter(completed.contains)
                if reason.hasPrefix("Unlocked by what you completed") {
                    #expect(!done.isEmpty, "\(reason)")
                    // Any prerequisite not completed is said to be covered by mastery.
                    #expect(done.count == prerequisites.count || reason.contains("your mastery of the rest"), "\(reason)")
                }
                #expect(reason.hasPrefix("Needs no prerequisites") == prerequisites.isEmpty, "\(reason)")
            }
            // A new learner with no history still gets entry lessons.
            let fresh = try await client.send(.get, "/api/v1/learners/\(other.userId)/recommendations?algorithm=prerequisite", token: other.token)
            let freshItems = fresh.json["items"] as? [[String: Any]] ?? []
            #expect(!freshItems.isEmpty)
            for item in freshItems {
                #expect(catalogue[item["lessonId"] as? String ?? ""]?.prerequisites.isEmpty == true)
            }
        }
    }
}
