import Foundation
import LearningCore
import Storage

/// `wave3 seed --demo`'s example experiment (issue 13): the three recommendation algorithms side
/// by side, running, with simulated learners and results an admin can open at once
/// (`GET /api/v1/experiments/recommender-algorithms/results`, `wave3 experiments report recommender-algorithms`).
/// Idempotent: an existing experiment of that key is left alone.
struct ExperimentDemoSeeder {
    let services: AppServices

    static let key = "recommender-algorithms"
    static let simulatedLearners = 180
    /// Simulated truth per variant: completion rate, mean quiz score, mean minutes to complete.
    static let truth: [(variant: String, completion: Double, score: Double, minutes: Double)] = [
        ("prerequisite", 0.55, 70, 14), ("collaborative", 0.48, 66, 16), ("hybrid", 0.62, 74, 13),
    ]

    func run() async throws -> String {
        let repository = services.experiments.repository
        if try await repository.get(key: Self.key) != nil { return "experiment '\(Self.key)' already present" }
        let third = 1.0 / 3
        let variants = Self.truth.map { VariantPayload(key: $0.variant, weight: third, config: .object(["algorithm": .string($0.variant)])) }
        let metrics = [
            MetricPayload(name: "completed_lesson", type: .conversion, goal: .maximize, primary: true, source: .events),
            MetricPayload(name: "quiz_score", type: .numeric, goal: .maximize, primary: false, source: .events),
            MetricPayload(name: "minutes_to_complete", type: .duration, goal: .minimize, primary: false, source: .events),
            MetricPayload(name: "lesson_completion", type: .conversion, goal: .maximize, primary: false, source: .lessonCompletion),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let now = Timestamp.nowMillis()
        try await repository.create(ExperimentRecord(
            key: Self.key, name: "Which recommender helps learners finish lessons?",
            description: "Prerequisite-aware, collaborative and hybrid recommendations compared; simulated learners seeded by wave3 seed --demo.",
            status: .draft, variants: String(decoding: try encoder.encode(variants), as: UTF8.self),
            metrics: String(decoding: try encoder.encode(metrics), as: UTF8.self), createdAt: now))
        _ = try await repository.transition(key: Self.key, from: .draft, to: .running, at: now)
        let experiment = try await services.experiments.experiment(Self.key)

        var random = LearningCore.SeededGenerator(seed: 13)
        func normal() -> Double {
            (-2 * log(max(random.nextUnit(), 1e-300))).squareRoot() * cos(2 * Double.pi * random.nextUnit())
        }
        let passwordHash = try await services.auth.hash(password: UUID().uuidString)
        var events = 0
        for index in 0..<Self.simulatedLearners {
            let email = String(format: "sim-%03d@experiments.wave3.dev", index)
            var user = try await services.users.find(email: email)
            if user == nil {
                user = try await services.users.create(email: email, passwordHash: passwordHash, displayName: "Simulated learner \(index)", role: "learner")
            }
            guard let user else { continue }
            let assignment = try await services.experiments.assign(experiment, learnerId: user.id)
            guard let truth = Self.truth.first(where: { $0.variant == assignment.variant }) else { continue }
            let completed = random.nextUnit() < truth.completion
            _ = try await repository.recordEvent(key: Self.key, learnerId: user.id, metric: "completed_lesson", value: completed ? 1 : 0, at: now)
            events += 1
            guard completed else { continue }
            let score = min(100, max(0, truth.score + 12 * normal()))
            _ = try await repository.recordEvent(key: Self.key, learnerId: user.id, metric: "quiz_score", value: score.rounded(), at: now)
            let minutes = max(1, truth.minutes + 4 * normal())
            _ = try await repository.recordEvent(key: Self.key, learnerId: user.id, metric: "minutes_to_complete", value: (minutes * 60_000).rounded(), at: now)
            events += 2
        }
        return "experiment '\(Self.key)' running with \(Self.simulatedLearners) simulated learners and \(events) events"
    }
}
