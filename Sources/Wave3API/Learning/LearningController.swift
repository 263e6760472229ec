import Foundation
import Hummingbird
import LearningCore
import Storage

/// Mastery, mastery prediction, difficulty classification and recommendations (API.md).
struct LearningController {
    let models: ModelStore
    let recommenders: RecommenderCache
    /// Finished recommendation answers per learner (docs/redis.md, "Shared caches"); nil: none.
    var recommendationCache: (any SharedCache)? = nil
    let data: LearningDataRepository
    let lessons: LessonRepository
    let users: UserRepository
    let maxBodySize: Int
    /// Issue 13: without `algorithm`, a running experiment may choose it (docs/experiments.md).
    var experiments: ExperimentService? = nil

    static let maxRecommendations = 50
    static let maxContentLength = 200_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("learners/:id/mastery", use: mastery)
        group.post("mastery/predict", use: predict)
        group.post("difficulty/classify", use: classify)
        group.get("learners/:id/recommendations", use: recommendations)
    }

    // MARK: mastery

    struct SkillMastery: Encodable {
        let skill: String
        let pKnown: Double
        let mastery: Double
        let attempts: Int
        let correct: Int
    }

    struct MasteryResponse: ResponseEncodable {
        let skills: [SkillMastery]
        /// Mean mastery over the skills the learner has practised (0 with none).
        let overall: Double
        /// The active model version; 0 while the untrained defaults are in use.
        let modelVersion: Int64
    }

    @Sendable func mastery(_ request: Request, context: AppRequestContext) async throws -> MasteryResponse {
        let learnerId = try context.parameters.require("id")
        _ = try context.requireSelfOrAdmin(learnerId)
        guard try await users.find(id: learnerId) != nil else { throw APIError.notFound("learner '\(learnerId)'") }
        let loaded = models.current
        let knowledge = try await data.skillKnowledge(userId: learnerId)
        let behaviour = BehaviourFeatures(lessonSkills: try await data.lessonSkills())
            .features(try await data.events(userId: learnerId).lazy.map(\.event))
        let skills = InferenceTimer.measure(InferenceTimer.mastery) { knowledge.map { state in
            var features = behaviour[state.skillId] ?? MasteryFeatures()
            features.pKnown = state.pKnown
            return SkillMastery(skill: state.skillId, pKnown: Self.round(state.pKnown, 4), mastery: Self.round(loaded.bundle.mastery.score(features), 1),
                                attempts: state.attempts, correct: state.correct)
        } }
        let overall = skills.isEmpty ? 0 : skills.map(\.mastery).reduce(0, +) / Double(skills.count)
        return MasteryResponse(skills: skills, overall: Self.round(overall, 1), modelVersion: loaded.version ?? 0)
    }

    struct PredictInput: Decodable {
        var skill: String?
        var pKnown: Double?
        var quizAttempts: Int?
        var accuracy: Double?
        var averageScore: Double?
        var timeSpentMinutes: Double?
        var practiceProblems: Int?
        var videoViews: Int?
        var consecutiveDays: Int?
        var helpRequests: Int?
    }

    struct PredictResponse: ResponseEncodable {
        let mastery: Double
        /// The BKT posterior used: the one sent, else the caller's stored one for `skill`, else the skill's prior.
        let pKnown: Double
        let modelVersion: Int64
    }

    @Sendable func predict(_ request: Request, context: AppRequestContext) async throws -> PredictResponse {
        let identity = try context.requireIdentity()
        let (input, _) = try await request.decodeJSON(PredictInput.self, context: context, limit: maxBodySize)
        func check(_ ok: Bool, _ field: String, _ rule: String) throws {
            guard ok else { throw APIError.unprocessable("invalid_\(Self.snake(field))", "\(field) must be \(rule)") }
        }
        let counts: [(String, Int?)] = [("quizAttempts", input.quizAttempts), ("practiceProblems", input.practiceProblems),
                                        ("videoViews", input.videoViews), ("consecutiveDays", input.consecutiveDays), ("helpRequests", input.helpRequests)]
        for (name, value) in counts { try check((0...1_000_000).contains(value ?? 0), name, "an integer from 0 to 1000000") }
        if let p = input.pKnown { try check(p.isFinite && (0...1).contains(p), "pKnown", "a probability from 0 to 1") }
        if let a = input.accuracy { try check(a.isFinite && (0...1).contains(a), "accuracy", "a fraction from 0 to 1") }
        if let s = input.averageScore { try check(s.isFinite && (0...100).contains(s), "averageScore", "a number from 0 to 100") }
        if let t = input.timeSpentMinutes { try check(t.isFinite && (0...10_000_000).contains(t), "timeSpentMinutes", "a number of minutes from 0 to 10000000") }
        if let skill = input.skill { try check((1...64).contains(TextRule.length(skill)), "skill", "1 to 64 characters") }

        let loaded = models.current
        var pKnown = input.pKnown
        if pKnown == nil, let skill = input.skill {
            pKnown = try await data.skillKnowledge(userId: identity.userId).first { $0.skillId == skill }?.pKnown
                ?? loaded.bundle.knowledge.parameters(for: skill).prior
        }
        let features = MasteryFeatures(
            pKnown: pKnown ?? loaded.bundle.mastery.defaultPKnown, quizAttempts: input.quizAttempts ?? 0, accuracy: input.accuracy ?? 0,
            averageScore: input.averageScore ?? 0, timeSpentMinutes: input.timeSpentMinutes ?? 0, practiceProblems: input.practiceProblems ?? 0,
            videoViews: input.videoViews ?? 0, consecutiveDays: input.consecutiveDays ?? 0, helpRequests: input.helpRequests ?? 0)
        let score = InferenceTimer.measure(InferenceTimer.mastery) { loaded.bundle.mastery.score(features) }
        return PredictResponse(mastery: Self.round(score, 1), pKnown: Self.round(features.pKnown!, 4),
                               modelVersion: loaded.version ?? 0)
    }

    // MARK: difficulty

    struct ClassifyInput: Decodable {
        var content: String
        var prerequisites: [String]?
        var prerequisiteDepth: Int?
    }

    struct ClassifyResponse: ResponseEncodable {
        let level: String
        let probabilities: [String: Double]
        let features: DifficultyFeatures
        /// Probability-weighted difficulty on the Rasch logit scale.
        let difficultyLogit: Double
        let modelVersion: Int64
    }

    @Sendable func classify(_ request: Request, context: AppRequestContext) async throws -> ClassifyResponse {
        _ = try context.requireIdentity()
        let (input, _) = try await request.decodeJSON(ClassifyInput.self, context: context, limit: maxBodySize)
        guard TextRule.isNonBlank(input.content, max: Self.maxContentLength) else {
            throw APIError.unprocessable("invalid_content", "content must be 1 to \(Self.maxContentLength) characters of text")
        }
        let prerequisites = input.prerequisites ?? []
        guard prerequisites.count <= 50, prerequisites.allSatisfy({ (1...64).contains(TextRule.length($0)) }) else {
            throw APIError.unprocessable("invalid_prerequisites", "prerequisites must be at most 50 lesson ids")
        }
        if let depth = input.prerequisiteDepth, !(0...100).contains(depth) {
            throw APIError.unprocessable("invalid_prerequisite_depth", "prerequisiteDepth must be from 0 to 100")
        }
        var depth = input.prerequisiteDepth ?? 0
        if !prerequisites.isEmpty {
            let existing = try await lessons.exists(prerequisites)
            if let missing = prerequisites.first(where: { !existing.contains($0) }) {
                throw APIError.unprocessable("unknown_prerequisite", "prerequisite lesson '\(missing)' does not exist")
            }
            let graph = PrerequisiteGraph(edges: try await lessons.prerequisiteEdges())
            depth = max(depth, prerequisites.map { graph.depth(of: $0) + 1 }.max() ?? 0)
        }
        let loaded = models.current
        let result = InferenceTimer.measure(InferenceTimer.difficulty) {
            loaded.bundle.difficulty.classify(content: input.content, prerequisiteDepth: depth)
        }
        return ClassifyResponse(level: result.level.rawValue, probabilities: result.probabilities.mapValues { Self.round($0, 4) },
                                features: result.features, difficultyLogit: Self.round(result.expectedLogit, 4), modelVersion: loaded.version ?? 0)
    }

    // MARK: recommendations

    struct RecommendationItem: Encodable {
        let lessonId: String
        let title: String
        let score: Double
        let reason: String
    }

    struct RecommendationsResponse: ResponseEncodable {
        let algorithm: String
        let items: [RecommendationItem]
        let modelVersion: Int64
    }

    @Sendable func recommendations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let learnerId = try context.parameters.require("id")
        let identity = try context.requireSelfOrAdmin(learnerId)
        let limit = try request.intQuery("limit", default: 10, range: 1...Self.maxRecommendations)
        var requested = request.rawQuery("algorithm")
        if requested == nil, let experiments {
            requested = try await experiments.recommendationAlgorithm(learnerId: learnerId, expose: identity.userId == learnerId,
                                                                      known: Set(RecommendationAlgorithm.allCases.map(\.rawValue)))
        }
        let algorithmName = requested ?? RecommendationAlgorithm.hybrid.rawValue
        guard let algorithm = RecommendationAlgorithm(rawValue: algorithmName) else {
            throw APIError.badRequest("invalid_algorithm",
                                      "algorithm must be one of \(RecommendationAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard try await users.find(id: learnerId) != nil else { throw APIError.notFound("learner '\(learnerId)'") }
        let loaded = models.current
        // Keyed by model version: a new version is a miss everywhere without any drop; the learner's
        // new progress drops their scope (RecommendationInvalidationMiddleware).
        let key = LessonController.cacheKey([String(loaded.version ?? 0), algorithm.rawValue, String(limit)])
        let compute = { try await self.recommend(learnerId: learnerId, loaded: loaded, algorithm: algorithm, limit: limit) }
        let body = if let recommendationCache { try await recommendationCache.value(learnerId, key, produce: compute) } else { try await compute() }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The encoded recommendations for one learner under `loaded`.
    private func recommend(learnerId: String, loaded: ModelStore.Loaded, algorithm: RecommendationAlgorithm, limit: Int) async throws -> String {
        let index = try await recommenders.get(loaded, data: data)
        let completed = try await data.completedLessons(userId: learnerId)
        var mastery: [String: Double] = [:], states: [String: KnowledgeState] = [:]
        for state in try await data.skillKnowledge(userId: learnerId) {
            mastery[state.skillId] = state.pKnown
            states[state.skillId] = state.logOdds.map(KnowledgeState.init(logOdds:)) ?? KnowledgeState(pKnown: state.pKnown)
        }
        let attempts = try await data.events(types: Array(ProgressRepository.attemptTypes).sorted(), userId: learnerId)
        // Ability on the lessons' logit scale from the learner's own quiz answers in them.
        let quizAnswers = attempts.filter { $0.type == EventType.quizAttempt.rawValue }
        let responses = quizAnswers.compactMap { event in
            event.correct.flatMap { correct in index.lessonDifficulty[event.lessonId].map { (difficulty: $0, correct: correct) } }
        }
        let ability = RaschCalibrator().ability(responses: responses)
        // Subjects of lessons answered in but not completed: where a cold start looks first.
        let subjects = Set(quizAnswers.compactMap { index.recommender.subject(ofLesson: $0.lessonId) })
        // With item parameters, success on a lesson is predicted from the learner's BKT states and
        // its items' difficulties; lessons whose items lack data keep the Rasch prediction.
        var predicted: [String: Double] = [:]
        let tracer = loaded.bundle.tracer
        if tracer.items != nil {
            let itemAbility = ModelTrainer.ability(attempts, tracer: tracer)
            for (lesson, items) in index.lessonItems {
                predicted[lesson] = tracer.predictedSuccess(items: items, states: states, ability: itemAbility)
            }
        }
        let profile = LearnerProfile(completed: completed, mastery: mastery, ability: ability, subjects: subjects.sorted(), predictedSuccess: predicted)
        let recommended = InferenceTimer.measure(InferenceTimer.recommendation) {
            index.recommender.recommend(for: profile, algorithm: algorithm, limit: limit)
        }
        let items = recommended.map {
            RecommendationItem(lessonId: $0.lessonId, title: $0.title, score: Self.round($0.score, 4), reason: $0.reason)
        }
        let response = RecommendationsResponse(algorithm: algorithm.rawValue, items: items, modelVersion: loaded.version ?? 0)
        return String(decoding: try JSONEncoder().encode(response), as: UTF8.self)
    }

    // MARK: helpers

    static func round(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }

    static func snake(_ camel: String) -> String {
        camel.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }
}
