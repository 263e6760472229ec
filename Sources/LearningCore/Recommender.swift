import Foundation

/// Next-lesson recommendations over an in-memory catalogue and completion history.
///
/// Building a recommender indexes the catalogue (ids → dense indices, prerequisite lists,
/// popularity) and the item–item similarity; each request then touches only the learner's
/// completions, their neighbour lists and one pass over the catalogue, well under a millisecond
/// for a thousand lessons. Rebuild it when the model is retrained; it is an immutable value, safe
/// to share between requests.
public struct Recommender: Sendable {
    public struct Configuration: Sendable, Hashable, Codable {
        /// Predicted success band of the zone of proximal development: hard enough to learn from,
        /// easy enough not to discourage.
        public var targetSuccess: ClosedRange<Double> = 0.70...0.85
        /// Mastery at or above which a prerequisite lesson counts as met without being completed.
        public var masteryThreshold: Double = 0.95
        /// Neighbours kept per lesson in the similarity index.
        public var neighboursPerLesson: Int = 50
        /// Weight of the k-th most recent completion is recencyDecay^k in collaborative scores.
        public var recencyDecay: Double = 0.7
        /// Weights of the normalised collaborative score, the ZPD fit and popularity in `hybrid`.
        public var hybridCollaborativeWeight: Double = 1.0
        public var hybridZPDWeight: Double = 0.25
        public var hybridPopularityWeight: Double = 0.1
        public init() {}
    }

    public let configuration: Configuration
    let lessons: [RecommendableLesson]
    private let indexByID: [String: Int]
    let prerequisites: [[Int]]
    let collaborative: CollaborativeIndex
    /// Lesson indices by decreasing completion count (ties by catalogue order).
    let popularityOrder: [Int]
    private let maxCount: Int

    /// - Parameters:
    ///   - lessons: the catalogue; prerequisites naming unknown lessons are ignored.
    ///   - completionHistories: every learner's completed lesson ids (order irrelevant here).
    public init(lessons: [RecommendableLesson], completionHistories: [[String]], configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.lessons = lessons
        var index: [String: Int] = [:]
        for (i, l) in lessons.enumerated() { index[l.id] = i }
        indexByID = index
        prerequisites = lessons.map { $0.prerequisites.compactMap { index[$0] } }
        let histories = completionHistories.map { $0.compactMap { index[$0] } }
        collaborative = CollaborativeIndex(lessonCount: lessons.count, histories: histories, neighboursPerLesson: configuration.neighboursPerLesson)
        let counts = collaborative.completionCounts
        popularityOrder = lessons.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }
        maxCount = counts.max() ?? 0
    }

    /// Up to `limit` recommendations for the learner, best first.
    public func recommend(for learner: LearnerProfile, algorithm: RecommendationAlgorithm, limit: Int = 10) -> [Recommendation] {
        let n = lessons.count
        guard limit > 0, n > 0 else { return [] }
        var done = [Bool](repeating: false, count: n)
        var completed: [Int] = []
        completed.reserveCapacity(learner.completed.count)
        for id in learner.completed {
            if let i = indexByID[id] { done[i] = true; completed.append(i) }
        }
        switch algorithm {
        case .popularity:
            var out: [Recommendation] = []
            for i in popularityOrder where !done[i] {
                out.append(Recommendation(lessonId: lessons[i].id, title: lessons[i].title, score: Double(collaborative.completionCounts[i]),
                                          reason: "Popular: completed by \(collaborative.completionCounts[i]) learners"))
                if out.count == limit { break }
            }
            return out
        case .collaborative:
            let (scores, because) = collaborativeScores(completed: completed, done: done)
            let found = top(limit) { i in scores[i] > 0 ? scores[i] : nil } reason: { i in
                "Learners who completed “\(lessons[because[i]].title)” also completed this"
            }
            // Cold start: with no history (or too little overlap) the similarity has nothing to say.
            return found + coldStart(limit - found.count, learner: learner, completed: completed, done: done,
                                     excluding: Set(found.map(\.lessonId)))
        case .prerequisite:
            return top(limit) { i in
                guard !done[i], isUnlocked(i, done: done, mastery: learner.mastery) else { return nil }
                // A tiny popularity term only breaks ties between equally well-fitting lessons.
                return zpdFit(i, learner: learner) + 1e-3 * popularity(i)
            } reason: { i in unlockReason(i, done: done) + "; " + zpdReason(i, learner: learner) }
        case .hybrid:
            let (scores, because) = collaborativeScores(completed: completed, done: done)
            let best = scores.max() ?? 0
            let c = configuration
            return top(limit) { i in
                guard !done[i], isUnlocked(i, done: done, mastery: learner.mastery) else { return nil }
                let collab = best > 0 ? scores[i] / best : 0
                return c.hybridCollaborativeWeight * collab + c.hybridZPDWeight * zpdFit(i, learner: learner)
                    + c.hybridPopularityWeight * popularity(i)
            } reason: { i in
                var parts = [unlockReason(i, done: done)]
                if scores[i] > 0 { parts.append("learners who completed “\(lessons[because[i]].title)” also took it") }
                parts.append(zpdReason(i, learner: learner))
                return parts.joined(separator: "; ")
            }
        }
    }

    /// The subject of a catalogue lesson.
    public func subject(ofLesson id: String) -> String? {
        indexByID[id].map { lessons[$0].subject }
    }

    /// P(success) the recommender predicts for the learner on a lesson.
    public func predictedSuccess(lessonId: String, ability: Double) -> Double? {
        indexByID[lessonId].map { Logistic.sigmoid(ability - lessons[$0].difficulty) }
    }

    // MARK: Scoring

    private func isUnlocked(_ i: Int, done: [Bool], mastery: [String: Double]) -> Bool {
        for p in prerequisites[i] where !done[p] {
            let skills = lessons[p].skills
            if skills.isEmpty { return false }
            for s in skills where (mastery[s] ?? 0) < configuration.masteryThreshold { return false }
        }
        return true
    }

    /// 1 inside the target success band, falling off smoothly (Gaussian in probability) outside.
    private func zpdFit(_ i: Int, learner: LearnerProfile) -> Double {
        let p = success(i, learner: learner)
        let band = configuration.targetSuccess
        let distance = p < band.lowerBound ? band.lowerBound - p : (p > band.upperBound ? p - band.upperBound : 0)
        return exp(-0.5 * (distance / 0.1) * (distance / 0.1))
    }

    /// The item-aware prediction on the lesson's quiz items when the API has one, else Rasch's.
    private func success(_ i: Int, learner: LearnerProfile) -> Double {
        learner.predictedSuccess[lessons[i].id] ?? Logistic.sigmoid(learner.ability - lessons[i].difficulty)
    }

    private func zpdReason(_ i: Int, learner: LearnerProfile) -> String {
        let p = success(i, learner: learner)
        let percent = Int((p * 100).rounded())
        if configuration.targetSuccess.contains(p) {
            return "predicted \(percent)% success: challenging but within reach"
        }
        return p > configuration.targetSuccess.upperBound
            ? "predicted \(percent)% success, a comfortable step"
            : "predicted \(percent)% success, a stretch"
    }

    /// Why an unlocked lesson is open to the learner, true of that lesson: it has no
    /// prerequisites, or names the completed ones, or says mastery stood in for the rest.
    private func unlockReason(_ i: Int, done: [Bool]) -> String {
        let required = prerequisites[i]
        if required.isEmpty { return "Needs no prerequisites" }
        let completed = required.filter { done[$0] }.map { "“\(lessons[$0].title)”" }
        if completed.count == required.count {
            return "Unlocked by what you completed (\(completed.joined(separator: ", ")))"
        }
        return completed.isEmpty
            ? "Your mastery of its prerequisites' skills unlocks it"
            : "Unlocked by what you completed (\(completed.joined(separator: ", "))) and your mastery of the rest"
    }

    /// log-scaled popularity in [0, 1].
    private func popularity(_ i: Int) -> Double {
        maxCount > 0 ? log1p(Double(collaborative.completionCounts[i])) / log1p(Double(maxCount)) : 0
    }

    /// Recency-weighted sums of similarities to the learner's completions, and for each lesson the
    /// completed lesson that contributed most (for the reason).
    private func collaborativeScores(completed: [Int], done: [Bool]) -> ([Double], [Int]) {
        var scores = [Double](repeating: 0, count: lessons.count)
        var because = [Int](repeating: 0, count: lessons.count)
        var strongest = [Double](repeating: 0, count: lessons.count)
        var weight = 1.0
        for i in completed.reversed() {
            for (j32, s) in collaborative.neighbours[i] {
                let j = Int(j32)
                if done[j] { continue }
                let contribution = weight * Double(s)
                scores[j] += contribution
                if contribution > strongest[j] { strongest[j] = contribution; because[j] = i }
            }
            weight *= configuration.recencyDecay
            if weight < 1e-4 { break }
        }
        return (scores, because)
    }

    /// The `limit` best-scoring lessons (nil scores excluded), ties broken by catalogue order.
    private func top(_ limit: Int, score: (Int) -> Double?, reason: (Int) -> String) -> [Recommendation] {
        var best: [(index: Int, score: Double)] = []
        best.reserveCapacity(limit + 1)
        for i in lessons.indices {
            guard let s = score(i) else { continue }
            if best.count == limit, s <= best[limit - 1].score { continue }
            let position = best.firstIndex { s > $0.score } ?? best.count
            best.insert((i, s), at: position)
            if best.count > limit { best.removeLast() }
        }
        return best.map { Recommendation(lessonId: lessons[$0.index].id, title: lessons[$0.index].title, score: $0.score, reason: reason($0.index)) }
    }
}
