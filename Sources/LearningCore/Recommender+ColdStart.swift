import Foundation

extension Recommender {
    /// Recommendations when collaborative filtering has nothing to go on, in order: the most
    /// completed lessons of the learner's subjects, lessons that need no prerequisites, then the
    /// most completed lessons overall; each reason says which fallback chose it.
    func coldStart(_ count: Int, learner: LearnerProfile, completed: [Int], done: [Bool], excluding: Set<String>) -> [Recommendation] {
        guard count > 0 else { return [] }
        var subjects = Set(learner.subjects)
        for i in completed { subjects.insert(lessons[i].subject) }
        subjects.remove("")
        var out: [Recommendation] = []
        var taken = excluding
        func add(_ i: Int, _ reason: String) {
            guard out.count < count, !done[i], !taken.contains(lessons[i].id) else { return }
            taken.insert(lessons[i].id)
            // Below any collaborative score (which is > 0), ordered as chosen.
            out.append(Recommendation(lessonId: lessons[i].id, title: lessons[i].title, score: -Double(out.count), reason: reason))
        }
        let counts = collaborative.completionCounts
        func learners(_ i: Int) -> String { counts[i] == 1 ? "1 learner" : "\(counts[i]) learners" }
        for i in popularityOrder where counts[i] > 0 && subjects.contains(lessons[i].subject) {
            add(i, "New to recommendations: popular in your subject \(lessons[i].subject), completed by \(learners(i))")
        }
        for i in popularityOrder where prerequisites[i].isEmpty {
            add(i, "A place to start: needs no prerequisites" + (counts[i] > 0 ? "; completed by \(learners(i))" : ""))
        }
        for i in popularityOrder where counts[i] > 0 {
            let first = prerequisites[i].filter { !done[$0] }.map { "“\(lessons[$0].title)”" }
            add(i, "Popular: completed by \(learners(i))" + (first.isEmpty ? "" : "; take \(first.joined(separator: ", ")) first"))
        }
        return out
    }
}
