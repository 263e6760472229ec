import Foundation
import LearningCore

/// Generates learners' data from known ground truth (BKT and Rasch parameters, a prerequisite
/// graph, topic preferences), so model quality can be measured against the truth. Deterministic
/// for a given seed. Used by tests and the benchmark, never by the API.
public struct LearnerSimulator: Sendable {
    public var generator: SeededGenerator

    public init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    // MARK: Knowledge tracing

    /// One learner's attempts on one skill, with the hidden truth.
    public struct SkillHistory: Sendable, Hashable {
        public var learner: Int
        public var skill: Int
        public var outcomes: [Bool]
        /// Whether the skill was known before the next (unobserved) attempt.
        public var knownAfter: Bool
        /// The learner's diligence trait that drives the behavioural features.
        public var diligence: Double
    }

    /// BKT parameters drawn from the ranges seen in published fits (guess and slip within the
    /// fitter's bounds).
    public mutating func randomBKTParameters() -> BKTParameters {
        BKTParameters(
            prior: 0.1 + 0.5 * generator.nextUnit(),
            learn: 0.05 + 0.25 * generator.nextUnit(),
            guess: 0.05 + 0.25 * generator.nextUnit(),
            slip: 0.05 + 0.15 * generator.nextUnit()
        )
    }

    /// Attempt histories: each learner practises `skillsPerLearner` distinct skills, each for a
    /// uniformly drawn number of attempts, following the BKT generative process exactly.
    public mutating func knowledgeTracingHistories(
        parameters: [BKTParameters], learners: Int, skillsPerLearner: Int,
        attemptsPerSkill: ClosedRange<Int>
    ) -> [SkillHistory] {
        var histories: [SkillHistory] = []
        histories.reserveCapacity(learners * skillsPerLearner)
        var skillOrder = Array(parameters.indices)
        for learner in 0..<learners {
            let diligence = generator.normal()
            skillOrder.shuffle(using: &generator)
            for skill in skillOrder.prefix(min(skillsPerLearner, parameters.count)) {
                let p = parameters[skill]
                let length = attemptsPerSkill.lowerBound + generator.index(attemptsPerSkill.count)
                var known = generator.bernoulli(p.prior)
                var outcomes: [Bool] = []
                outcomes.reserveCapacity(length)
                for _ in 0..<length {
                    outcomes.append(generator.bernoulli(known ? 1 - p.slip : p.guess))
                    known = known ? !generator.bernoulli(p.forget) : generator.bernoulli(p.learn)
                }
                histories.append(SkillHistory(learner: learner, skill: skill, outcomes: outcomes, knownAfter: known, diligence: diligence))
            }
        }
        return histories
    }

    /// Behavioural features for a history, correlated with the hidden state and the learner's
    /// diligence the way one would expect (knowers score higher and ask less help; diligent
    /// learners practise more). `pKnown` is left for the caller's BKT model to fill in.
    public mutating func behaviour(for history: SkillHistory) -> MasteryFeatures {
        let known = history.knownAfter ? 1.0 : 0.0
        let attempts = history.outcomes.count
        let correct = history.outcomes.filter { $0 }.count
        var scoreSum = 0.0
        for c in history.outcomes {
            scoreSum += c ? 70 + 30 * generator.nextUnit() : 50 * generator.nextUnit()
        }
        let d = history.diligence
        return MasteryFeatures(
            pKnown: nil,
            quizAttempts: attempts,
            accuracy: attempts > 0 ? Double(correct) / Double(attempts) : 0,
            averageScore: attempts > 0 ? scoreSum / Double(attempts) : 0,
            timeSpentMinutes: exp(2.5 + 0.4 * d + 0.2 * known + 0.5 * generator.normal()),
            practiceProblems: generator.poisson(exp(0.8 + 0.5 * d + 0.5 * known)),
            videoViews: generator.poisson(exp(0.3 + 0.3 * d)),
            consecutiveDays: generator.poisson(exp(0.7 + 0.4 * d + 0.3 * known)),
            helpRequests: generator.poisson(exp(0.2 - 0.9 * known))
        )
    }

    // MARK: Item response theory

    /// A Rasch data set with its ground truth.
    public struct RaschData: Sendable {
        public var responses: [RaschResponse]
        public var difficulties: [Double]
        public var abilities: [Double]
    }

    /// Each item answered by exactly `responsesPerItem` distinct random persons; P(correct) =
    /// sigmoid(ability − difficulty) with both drawn from N(0, 1).
    public mutating func raschResponses(items: Int, persons: Int, responsesPerItem: Int) -> RaschData {
        let difficulties = (0..<items).map { _ in generator.normal() }
        let abilities = (0..<persons).map { _ in generator.normal() }
        var responses: [RaschResponse] = []
        responses.reserveCapacity(items * responsesPerItem)
        var people = Array(0..<persons)
        for item in 0..<items {
            // A partial Fisher–Yates shuffle picks distinct persons without a set.
            for k in 0..<min(responsesPerItem, persons) {
                people.swapAt(k, k + generator.index(persons - k))
                let person = people[k]
                let p = Logistic.sigmoid(abilities[person] - difficulties[item])
                responses.append(RaschResponse(person: "p\(person)", item: "i\(item)", correct: generator.bernoulli(p)))
            }
        }
        return RaschData(responses: responses, difficulties: difficulties, abilities: abilities)
    }

    // MARK: Lesson completions

    /// A catalogue and the learners' chronological completion histories.
    public struct CompletionData: Sendable {
        public var lessons: [RecommendableLesson]
        public var histories: [[String]]
        /// Each learner's ability (logit) at the start.
        public var abilities: [Double]
    }

    /// A catalogue of `subjects` × `lessonsPerSubject` lessons where each lesson requires one or
    /// two earlier lessons of its subject (sometimes one of another subject), with difficulty rising
    /// along the paths; and learners who walk it. At each step a learner picks among the lessons
    /// whose prerequisites they have completed, weighted by their topic preference, the lesson's
    /// intrinsic appeal, how well its difficulty matches their ability, and a preference for
    /// continuing the path they are on. No recommender's scoring rule is used.
    public mutating func completionHistories(
        subjects: Int, lessonsPerSubject: Int, learners: Int, completionsPerLearner: ClosedRange<Int>
    ) -> CompletionData {
        let n = subjects * lessonsPerSubject
        var lessons: [RecommendableLesson] = []
        lessons.reserveCapacity(n)
        var prerequisiteIndices = [[Int]](repeating: [], count: n)
        var depth = [Int](repeating: 0, count: n)
        for s in 0..<subjects {
            for k in 0..<lessonsPerSubject {
                let index = s * lessonsPerSubject + k
                var prereqs: [Int] = []
                if k > 0 {
                    let roots = max(1, lessonsPerSubject / 20)
                    if k >= roots {
                        // Mostly build on a recent lesson of the same subject: paths, not a line.
                        prereqs.append(s * lessonsPerSubject + max(0, k - 1 - generator.index(min(k, 8))))
                        if generator.bernoulli(0.35) {
                            prereqs.append(s * lessonsPerSubject + generator.index(k))
                        }
                    }
                    if s > 0 && generator.bernoulli(0.08) {
                        let other = generator.index(s)
                        prereqs.append(other * lessonsPerSubject + generator.index(lessonsPerSubject / 3))
                    }
                }
                prereqs = Array(Set(prereqs)).sorted()
                prerequisiteIndices[index] = prereqs
                depth[index] = (prereqs.map { depth[$0] }.max() ?? -1) + 1
                lessons.append(RecommendableLesson(
                    id: "L\(index)", title: "Subject \(s) lesson \(k)", subject: "S\(s)",
                    skills: ["S\(s)-skill\(k / 5)"], prerequisites: prereqs.map { "L\($0)" },
                    difficulty: -2 + 0.12 * Double(depth[index]) + 0.4 * generator.normal()
                ))
            }
        }
        let appeal = (0..<n).map { _ in exp(0.8 * generator.normal()) }

        var histories: [[String]] = []
        var abilities: [Double] = []
        var done = [Bool](repeating: false, count: n)
        var weights = [Double](repeating: 0, count: n)
        for _ in 0..<learners {
            let startAbility = generator.normal() - 1
            var ability = startAbility
            // Topic preference: two favourite subjects and a small interest in the rest.
            var preference = [Double](repeating: 0.05, count: subjects)
            preference[generator.index(subjects)] += 1
            preference[generator.index(subjects)] += 0.5
            for i in 0..<n { done[i] = false }
            let target = completionsPerLearner.lowerBound + generator.index(completionsPerLearner.count)
            var history: [Int] = []
            while history.count < target {
                let last = history.last
                var total = 0.0
                for i in 0..<n {
                    weights[i] = 0
                    if done[i] { continue }
                    var unlocked = true
                    for p in prerequisiteIndices[i] where !done[p] { unlocked = false; break }
                    if !unlocked { continue }
                    let gap = lessons[i].difficulty - ability
                    var w = preference[i / lessonsPerSubject] * appeal[i] * exp(-0.5 * gap * gap)
                    if let last, prerequisiteIndices[i].contains(last) { w *= 4 }
                    weights[i] = w
                    total += w
                }
                guard total > 0 else { break }
                var u = generator.nextUnit() * total
                var chosen = 0
                for i in 0..<n where weights[i] > 0 {
                    chosen = i
                    u -= weights[i]
                    if u <= 0 { break }
                }
                done[chosen] = true
                history.append(chosen)
                ability += 0.06
            }
            histories.append(history.map { "L\($0)" })
            abilities.append(startAbility)
        }
        return CompletionData(lessons: lessons, histories: histories, abilities: abilities)
    }
}
