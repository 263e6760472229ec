import Foundation
import LearningCore
import Storage

/// The cohort's generative process, separate from the inserts so it can be read (and tested) on
/// its own. Deterministic: the same catalogue gives the same cohort on every machine.
struct DemoCohortSimulation {
    let lessons: [String]
    let prerequisites: [String: [String]]
    let items: [String: [DemoCohort.Item]]

    struct User { let id: String; let email: String; let name: String; let joined: Int64 }
    struct Event {
        let id: String; let user: String; let seq: Int; let type: String; let lesson: String
        var item: String? = nil; var skill: String? = nil; var correct: Bool? = nil; var score: Double? = nil
        var durationMs: Int64? = nil; let at: Int64
    }
    struct Progress { let user: String; let lesson: String; let score: Double; let timeMs: Int64; let attempts: Int; let correct: Int; let at: Int64 }
    struct XP { let user: String; let amount: Int; let reason: String; let event: String; let lesson: String; let awardKey: String?; let at: Int64 }
    struct Rows { var users: [User] = []; var events: [Event] = []; var progress: [Progress] = []; var xp: [XP] = [] }

    /// The hidden process: P(correct) = sigmoid(base + 0.8·ability − item difficulty), with base
    /// 2.0 when the learner knows the item's skill and −1.0 when not; after each attempt an unknown
    /// skill becomes known with probability `learn` and a known one is forgotten with `forget`.
    static let knownBase = 2.0, unknownBase = -1.0, abilityWeight = 0.8
    static let learn = 0.2, forget = 0.02

    func simulate(learners: Int, days: Int, end: Int64) -> Rows {
        var g = LearningCore.SeededGenerator(seed: 20_261_203)
        var rows = Rows()
        var itemDifficulty: [String: Double] = [:]
        for lesson in lessons { for item in items[lesson] ?? [] { itemDifficulty[item.id] = 0.7 * g.normal() } }
        let start = end - Int64(days) * 86_400_000
        for k in 0..<learners {
            let user = UUID(uuid: Self.uuidBytes(seed: UInt64(k))).uuidString.lowercased()
            let ability = g.normal()
            let joined = start + Int64(g.index(7 * 86_400_000))
            rows.users.append(User(id: user, email: DemoCohort.email(k), name: "Cohort learner \(k + 1)", joined: joined))
            var known: [String: Bool] = [:]
            var done: Set<String> = []
            var clock = joined
            var seq = 0
            let target = 6 + g.index(lessons.count)
            // Study sessions until the target or the end of the period; reviews retake a done quiz.
            while done.count < target && clock < end - 3_600_000 {
                let available = lessons.filter { !done.contains($0) && (prerequisites[$0] ?? []).allSatisfy(done.contains) && !(items[$0] ?? []).isEmpty }
                let review = !done.isEmpty && g.bernoulli(0.35)
                guard let lesson = review ? done.sorted()[g.index(done.count)] : available.isEmpty ? nil : available[g.index(min(3, available.count))] else { break }
                func event(_ type: String) -> Event {
                    seq += 1
                    return Event(id: UUID(uuid: Self.uuidBytes(seed: UInt64(k) << 32 | UInt64(seq))).uuidString.lowercased(),
                                 user: user, seq: seq, type: type, lesson: lesson, at: clock)
                }
                if !review { rows.events.append(event("lesson_started")) }
                var right = 0
                let quiz = items[lesson] ?? []
                for item in quiz {
                    clock += 20_000 + Int64(g.index(70_000))
                    let isKnown = known[item.skill] ?? g.bernoulli(Logistic.sigmoid(ability - 0.5))
                    let p = Logistic.sigmoid((isKnown ? Self.knownBase : Self.unknownBase) + Self.abilityWeight * ability - itemDifficulty[item.id]!)
                    // The learner picks a choice; the grade comes from the stored answer key.
                    let choice = g.bernoulli(p) ? item.answer : (item.answer + 1 + g.index(item.choices - 1)) % item.choices
                    let correct = choice == item.answer
                    var e = event("quiz_attempt")
                    e.item = item.id; e.skill = item.skill; e.correct = correct; e.durationMs = 15_000 + Int64(g.index(60_000))
                    rows.events.append(e)
                    if correct {
                        right += 1
                        rows.xp.append(XP(user: user, amount: ProgressRepository.XP.correctQuizAttempt, reason: "quiz_correct", event: e.id, lesson: lesson, awardKey: nil, at: clock))
                    }
                    known[item.skill] = isKnown ? !g.bernoulli(Self.forget) : g.bernoulli(Self.learn)
                }
                if !review {
                    clock += 60_000
                    let score = (Double(right) / Double(max(quiz.count, 1)) * 100).rounded()
                    var completed = event("lesson_completed")
                    completed.score = score
                    rows.events.append(completed)
                    rows.xp.append(XP(user: user, amount: ProgressRepository.XP.lessonCompleted, reason: "lesson_completed", event: completed.id, lesson: lesson,
                                      awardKey: "complete:\(lesson)", at: clock))
                    rows.progress.append(Progress(user: user, lesson: lesson, score: score, timeMs: Int64(quiz.count) * 60_000, attempts: quiz.count, correct: right, at: clock))
                    done.insert(lesson)
                }
                // The next session: later the same day or within the next few days.
                clock += g.bernoulli(0.5) ? 1_800_000 + Int64(g.index(14_400_000)) : 86_400_000 + Int64(g.index(3 * 86_400_000))
            }
        }
        return rows
    }

    /// Deterministic version-4-shaped UUID bytes, so the cohort's ids are the same on every machine.
    static func uuidBytes(seed: UInt64) -> uuid_t {
        var local = LearningCore.SeededGenerator(seed: seed ^ 0xC0407)
        let a = local.next(), b = local.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: a >> (8 * i)); bytes[8 + i] = UInt8(truncatingIfNeeded: b >> (8 * i)) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])
    }
}
