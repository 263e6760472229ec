import Foundation
import LearningCore
import Storage

/// Folds a learner's progress events into the behavioural inputs of the mastery model, per skill.
///
/// An event counts for a skill when it names the skill (attempts do, through the event or its quiz
/// item), or, when it names none, for every skill its lesson teaches: watching a lesson's video or
/// asking for help in it is behaviour around all of that lesson's skills.
struct BehaviourFeatures {
    let lessonSkills: [String: [String]]

    private struct Tally {
        var quizAttempts = 0, quizCorrect = 0
        var scoreSum = 0.0, scoreCount = 0
        var timeMs: Int64 = 0
        var practice = 0, videos = 0, help = 0
        var days: Set<Int64> = []
    }

    /// Features per skill from `events` (one learner's, any order); `pKnown` is left nil for the
    /// caller to fill from the stored BKT state.
    func features(_ events: some Sequence<ProgressEvent>) -> [String: MasteryFeatures] {
        var tallies: [String: Tally] = [:]
        for event in events {
            let skills = event.skillId.map { [$0] } ?? lessonSkills[event.lessonId] ?? []
            for skill in skills {
                var t = tallies[skill] ?? Tally()
                t.days.insert(event.occurredAt / 86_400_000)
                switch event.type {
                case "quiz_attempt":
                    t.quizAttempts += 1
                    if event.correct == true { t.quizCorrect += 1 }
                case "practice_problem": t.practice += 1
                case "video_view": t.videos += 1
                case "help_request": t.help += 1
                case "time_spent": t.timeMs += max(0, event.durationMs ?? 0)
                default: break
                }
                if let score = event.score { t.scoreSum += score; t.scoreCount += 1 }
                tallies[skill] = t
            }
        }
        return tallies.mapValues { t in
            let accuracy = t.quizAttempts > 0 ? Double(t.quizCorrect) / Double(t.quizAttempts) : 0
            return MasteryFeatures(
                pKnown: nil, quizAttempts: t.quizAttempts, accuracy: accuracy,
                // Lesson scores when there are any, else the quiz accuracy on the same 0–100 scale.
                averageScore: t.scoreCount > 0 ? t.scoreSum / Double(t.scoreCount) : 100 * accuracy,
                timeSpentMinutes: Double(t.timeMs) / 60_000, practiceProblems: t.practice, videoViews: t.videos,
                consecutiveDays: Self.longestRun(t.days), helpRequests: t.help)
        }
    }

    /// Longest run of consecutive day numbers.
    static func longestRun(_ days: Set<Int64>) -> Int {
        var best = 0
        for d in days where !days.contains(d - 1) {
            var length = 1
            while days.contains(d + Int64(length)) { length += 1 }
            best = max(best, length)
        }
        return best
    }
}
