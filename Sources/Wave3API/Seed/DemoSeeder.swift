import Foundation
import LearningCore
import Logging
import Storage

/// Loads `DemoContent` and a few demo learners with a believable history. Idempotent: existing
/// rows are kept, and the history is written under fixed idempotency keys, so a second run adds
/// nothing.
struct DemoSeeder {
    let services: AppServices
    let logger: Logger

    static let adminEmail = "admin@wave3.dev"
    static let adminPassword = "admin-password"
    static let learnerPassword = "learner-password"
    static let learners: [(email: String, name: String, ability: Double, lessons: Int)] = [
        ("ada@wave3.dev", "Ada", 1.2, 22),
        ("grace@wave3.dev", "Grace", 0.8, 16),
        ("alan@wave3.dev", "Alan", 0.4, 12),
        ("katherine@wave3.dev", "Katherine", 0.0, 9),
        ("linus@wave3.dev", "Linus", -0.4, 6),
        ("margaret@wave3.dev", "Margaret", -0.8, 3),
    ]

    struct Summary: CustomStringConvertible {
        var subjects = 0, lessons = 0, quizItems = 0, users = 0, events = 0
        var description: String {
            "demo seed: \(subjects) subjects, \(lessons) new lessons, \(quizItems) quiz items, \(users) new users, \(events) new progress events"
        }
    }

    func run() async throws -> Summary {
        var summary = Summary()
        let content = try DemoContent.load()
        for subject in content.subjects {
            try await services.lessons.upsertSubject(SubjectRecord(id: subject.id, name: subject.name, description: subject.description))
            summary.subjects += 1
        }
        let ordered = try Self.topologicalOrder(content.lessons)
        let graph = PrerequisiteGraph(edges: ordered.flatMap { lesson in lesson.prerequisites.map { (lesson.id, $0) } })
        let existing = try await services.lessons.exists(ordered.map(\.id))
        for lesson in ordered {
            if !existing.contains(lesson.id) {
                let draft = LessonDraft(subjectId: lesson.subject, title: lesson.title, content: lesson.content, estimatedMinutes: lesson.estimatedMinutes,
                                        difficulty: services.models.current.bundle.estimate(lessonId: lesson.id, content: lesson.content,
                                                                                                     prerequisiteDepth: graph.depth(of: lesson.id)).level.rawValue,
                                        skills: lesson.skills, prerequisites: lesson.prerequisites)
                _ = try await services.lessons.create(id: lesson.id, draft: draft) { _ in }
                summary.lessons += 1
            }
            for item in lesson.quiz {
                let choices = String(decoding: try JSONEncoder().encode(item.choices), as: UTF8.self)
                try await services.lessons.upsertQuizItem(QuizItemRecord(id: item.id, lessonId: lesson.id, skillId: item.skill, prompt: item.prompt,
                                                                         choices: choices, answerIndex: item.answerIndex, difficulty: 0))
                summary.quizItems += 1
            }
        }
        if try await services.users.find(email: Self.adminEmail) == nil {
            _ = try await services.users.create(email: Self.adminEmail, passwordHash: try await services.auth.hash(password: Self.adminPassword),
                                                displayName: "Admin", role: "admin")
            summary.users += 1
        }
        let learnerHash = try await services.auth.hash(password: Self.learnerPassword)
        for (index, learner) in Self.learners.enumerated() {
            let user: UserRecord
            if let found = try await services.users.find(email: learner.email) {
                user = found
            } else {
                user = try await services.users.create(email: learner.email, passwordHash: learnerHash, displayName: learner.name, role: "learner")
                summary.users += 1
            }
            summary.events += try await seedHistory(for: user, ability: learner.ability, lessonCount: learner.lessons, ordered: ordered,
                                                    graph: graph, seed: UInt64(index + 1))
        }
        try await DemoCohort.seed(services, passwordHash: learnerHash, into: &summary)
        return summary
    }

    /// Walks the prerequisite graph the way a learner would: only lessons whose prerequisites are
    /// done, quiz answers right with a probability that falls with depth (a Rasch-like model).
    private func seedHistory(for user: UserRecord, ability: Double, lessonCount: Int, ordered: [DemoLesson],
                             graph: PrerequisiteGraph, seed: UInt64) async throws -> Int {
        var random = SeededGenerator(seed: seed)
        var completed: Set<String> = []
        var written = 0
        let start = Timestamp.nowMillis() - 30 * 86_400_000
        var clock = start + Int64(random.next() % 86_400_000)
        for _ in 0..<lessonCount {
            let available = ordered.filter { !completed.contains($0.id) && $0.prerequisites.allSatisfy(completed.contains) }
            guard !available.isEmpty else { break }
            let lesson = available[Int(random.next() % UInt64(min(available.count, 4)))]
            let difficulty = Double(graph.depth(of: lesson.id)) * 0.5 - 0.5
            var events: [ProgressEvent] = [ProgressEvent(type: "lesson_started", lessonId: lesson.id, occurredAt: clock)]
            var right = 0
            for item in lesson.quiz {
                clock += 30_000 + Int64(random.next() % 90_000)
                let p = 1 / (1 + exp(-(ability - difficulty + 0.8)))
                let correct = random.unit() < p
                if correct { right += 1 }
                events.append(ProgressEvent(type: "quiz_attempt", lessonId: lesson.id, itemId: item.id, skillId: item.skill, correct: correct,
                                               durationMs: 20_000 + Int64(random.next() % 60_000), occurredAt: clock))
            }
            let minutes = Int64(lesson.estimatedMinutes) * 60_000
            events.append(ProgressEvent(type: "time_spent", lessonId: lesson.id, durationMs: minutes / 2 + Int64(random.next() % UInt64(max(minutes, 1))), occurredAt: clock))
            if random.unit() < 0.3 { events.append(ProgressEvent(type: "video_view", lessonId: lesson.id, durationMs: 180_000, occurredAt: clock)) }
            if right * 2 < lesson.quiz.count { events.append(ProgressEvent(type: "help_request", lessonId: lesson.id, occurredAt: clock)) }
            // The server scores the completion from the attempts above.
            events.append(ProgressEvent(type: "lesson_completed", lessonId: lesson.id, occurredAt: clock + 60_000))
            // A history on a simulated clock: its durations stand as written.
            let outcome = try await services.progress.record(userId: user.id, key: "demo-seed-\(lesson.id)", requestHash: "demo-seed",
                                                             events: events, durations: .asRecorded) { accepted, duplicates in
                #"{"accepted":\#(accepted),"duplicates":\#(duplicates)}"#
            }
            if case .recorded(let accepted, _, _) = outcome { written += accepted }
            completed.insert(lesson.id)
            clock += 6 * 3_600_000 + Int64(random.next() % 36_000_000)
        }
        return written
    }

    /// Lessons ordered so that every prerequisite comes first (the inserts need that).
    static func topologicalOrder(_ lessons: [DemoLesson]) throws -> [DemoLesson] {
        var byId: [String: DemoLesson] = [:]
        for lesson in lessons { byId[lesson.id] = lesson }
        var done: Set<String> = []
        var order: [DemoLesson] = []
        var remaining = lessons
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.prerequisites.allSatisfy(done.contains) }
            guard !ready.isEmpty else { throw ConfigurationError("demo content has a prerequisite cycle or a missing prerequisite") }
            for lesson in ready { done.insert(lesson.id); order.append(lesson) }
            remaining.removeAll { done.contains($0.id) }
        }
        return order
    }
}

/// SplitMix64: a seeded generator so the demo history is the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
