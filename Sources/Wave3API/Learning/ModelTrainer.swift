import Foundation
import LearningCore
import Storage

/// `wave3 train`: fits every learning model from the database, measures each on held-out data,
/// stores the bundle as a new active version, and brings the derived state (lesson levels, item
/// difficulties, stored BKT posteriors) in line with it.
///
/// Held-out figures come from a fit on 80 % of the learners (a stable hash of the id picks the
/// other 20 %); the stored models are then refitted on everyone, since the held-out split exists
/// only to measure.
struct ModelTrainer {
    let database: Database
    var progress: @Sendable (_ stage: String, _ fraction: Double) -> Void = { _, _ in }

    /// Skills with fewer attempts keep the default BKT parameters: EM on a handful of sequences
    /// fits noise.
    static let minimumAttemptsPerSkill = 30
    /// Lessons need this many quiz responses before their calibration labels the classifier.
    static let minimumResponsesForLabel = 10
    /// Below these counts a learned model is mostly noise, and the defaults stay: mastery =
    /// 100 × P(known), and the hand-set content classifier.
    static let minimumMasteryExamples = 200
    static let minimumLabelledLessons = 20

    struct Outcome: Sendable {
        let version: ModelVersionRecord
        let report: TrainingReport
        let bundle: LearningModelBundle
    }

    func train() async throws -> Outcome {
        let started = DispatchTime.now().uptimeNanoseconds
        let data = LearningDataRepository(database: database)
        progress("loading events", 0)
        let events = try await data.events()
        let lessonSkills = try await data.lessonSkills()
        let catalogue = try await data.catalogue()
        var byLearner: [String: [StoredProgressEvent]] = [:]
        for event in events { byLearner[event.userId, default: []].append(event) }
        let learners = byLearner.keys.sorted()
        var heldOut = Set(learners.filter { Self.stableHash($0) % 5 == 0 })
        if heldOut.isEmpty, learners.count >= 2 { heldOut.insert(learners[0]) }
        if heldOut.count == learners.count, let keep = learners.last { heldOut.remove(keep) }
        progress("loaded \(events.count) events", 0.1)

        // Knowledge tracing: forgetting kept per skill where it predicts held-out sequences better.
        let attempts = byLearner.mapValues(Self.attemptSequences)
        let fitStart = DispatchTime.now().uptimeNanoseconds
        let trainingModel = await fitKnowledge(attempts.filter { !heldOut.contains($0.key) }).model
        progress("fitted BKT on training learners", 0.3)
        let trainingItemAware = ItemAwareModel.fit(Self.itemAwareRows(byLearner.filter { !heldOut.contains($0.key) }, knowledge: trainingModel))
        var fitted: [Double] = [], defaults: [Double] = [], itemAware: [Double] = [], itemFiltered: [Double] = [], labels: [Bool] = []
        for learner in heldOut.sorted() {
            Self.walk(byLearner[learner] ?? [], tracer: KnowledgeTracer(knowledge: trainingModel), itemAware: .identity) { _, bkt, _, correct in
                fitted.append(bkt); labels.append(correct)
            }
            // As the API would run it: states filtered with the items' emissions, then the layer.
            Self.walk(byLearner[learner] ?? [], tracer: KnowledgeTracer(knowledge: trainingModel, items: trainingItemAware),
                      itemAware: trainingItemAware) { _, bkt, layered, _ in
                itemFiltered.append(bkt); itemAware.append(layered)
            }
            Self.walk(byLearner[learner] ?? [], tracer: KnowledgeTracer(), itemAware: .identity) { _, bkt, _, _ in defaults.append(bkt) }
        }
        let (knowledge, forgettingSkills) = await fitKnowledge(attempts)
        let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - fitStart) / 1e9
        // The item-aware layer replaces BKT's prediction only where it ranks held-out attempts better.
        let bktAUC = Self.auc(fitted, labels), itemAwareAUC = Self.auc(itemAware, labels)
        let useItemAware = (itemAwareAUC ?? 0) > (bktAUC ?? 1)
        let finalItemAware = useItemAware ? ItemAwareModel.fit(Self.itemAwareRows(byLearner, knowledge: knowledge)) : nil
        progress("fitted BKT on all learners", 0.45)
        let kt = TrainingReport.KnowledgeTracing(
            fittedSkills: knowledge.skills.count, attempts: attempts.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } },
            heldOutLearners: heldOut.count, heldOutAttempts: labels.count,
            heldOutAUC: bktAUC, defaultParametersAUC: Self.auc(defaults, labels), fitSeconds: fitSeconds,
            forgettingSkills: forgettingSkills, itemAwareAUC: itemAwareAUC, itemAwareUsed: useItemAware,
            itemFilteredAUC: Self.auc(itemFiltered, labels))

        // Mastery.
        let behaviour = BehaviourFeatures(lessonSkills: lessonSkills)
        // Mastery reads the posterior the live update stores, so it trains on the same filter.
        let trainingTracer = KnowledgeTracer(knowledge: trainingModel, items: useItemAware ? trainingItemAware : nil)
        let tracer = KnowledgeTracer(knowledge: knowledge, items: finalItemAware)
        let trainRows = masteryExamples(byLearner.filter { !heldOut.contains($0.key) }, tracer: trainingTracer, behaviour: behaviour)
        let testRows = masteryExamples(byLearner.filter { heldOut.contains($0.key) }, tracer: trainingTracer, behaviour: behaviour)
        let trainer = MasteryTrainer()
        let evaluated = trainer.fit(features: trainRows.map(\.features), targets: trainRows.map(\.target))
        let probabilities = testRows.map { evaluated.probability($0.features) }
        let nextOutcomes = testRows.map(\.nextCorrect)
        let allRows = masteryExamples(byLearner, tracer: tracer, behaviour: behaviour)
        let heldOutAUC = Self.auc(probabilities, nextOutcomes)
        let posteriorOnlyAUC = Self.auc(testRows.map { $0.features.pKnown ?? 0 }, nextOutcomes)
        // The learned model replaces the posterior only with enough data and when it ranks held-out
        // next attempts at least as well as the posterior alone.
        var useLearned = allRows.count >= Self.minimumMasteryExamples
        if let learned = heldOutAUC, let posterior = posteriorOnlyAUC, learned < posterior - 0.01 { useLearned = false }
        let mastery = useLearned ? trainer.fit(features: allRows.map(\.features), targets: allRows.map(\.target)) : .untrained
        let masteryReport = TrainingReport.Mastery(
            trained: mastery != .untrained, trainingExamples: allRows.count, heldOutExamples: testRows.count,
            heldOutAUC: heldOutAUC,
            heldOutECE: testRows.isEmpty ? nil : ModelMetrics.expectedCalibrationError(probabilities: probabilities, targets: testRows.map(\.target)),
            posteriorOnlyAUC: posteriorOnlyAUC)
        progress("fitted mastery model", 0.6)

        // Rasch, for quiz items and for lessons.
        var itemResponses: [RaschResponse] = [], lessonResponses: [RaschResponse] = []
        for event in events where event.type == "quiz_attempt" {
            guard let correct = event.correct else { continue }
            if let item = event.itemId { itemResponses.append(RaschResponse(person: event.userId, item: item, correct: correct)) }
            lessonResponses.append(RaschResponse(person: event.userId, item: event.lessonId, correct: correct))
        }
        let calibrator = RaschCalibrator()
        var raschHeldOut: (scores: [Double], labels: [Bool]) = ([], [])
        let split = itemResponses.indices.map { $0 % 5 == 4 }
        let partial = calibrator.calibrate(zip(itemResponses, split).filter { !$0.1 }.map(\.0))
        for (r, test) in zip(itemResponses, split) where test {
            let theta = partial.abilities[r.person] ?? 0, b = partial.items[r.item]?.difficulty ?? 0
            raschHeldOut.scores.append(Logistic.sigmoid(theta - b))
            raschHeldOut.labels.append(r.correct)
        }
        let items = calibrator.calibrate(itemResponses).items
        let lessons = calibrator.calibrate(lessonResponses).items
        progress("calibrated Rasch difficulties", 0.7)

        // Difficulty classifier: lessons whose calibration is established label the content model.
        var bundle = LearningModelBundle(knowledge: knowledge, mastery: mastery, difficulty: .default, itemDifficulties: items, lessonDifficulties: lessons,
                                         itemAware: finalItemAware)
        let graph = PrerequisiteGraph(edges: catalogue.flatMap { lesson in lesson.prerequisites.map { (lesson: lesson.id, prerequisite: $0) } })
        let labelled: [(features: DifficultyFeatures, level: DifficultyLevel)] = catalogue.compactMap { lesson in
            guard let estimate = lessons[lesson.id], estimate.responses >= Self.minimumResponsesForLabel else { return nil }
            return (DifficultyFeatures(content: lesson.content, prerequisiteDepth: graph.depth(of: lesson.id)), DifficultyLevel(logit: estimate.difficulty))
        }
        let difficultyTrainer = DifficultyClassifierTrainer()
        var learnedAccuracy: Double? = nil, defaultAccuracy: Double? = nil
        if !labelled.isEmpty {
            defaultAccuracy = Double(labelled.filter { DifficultyClassifier.default.classify($0.features).level == $0.level }.count) / Double(labelled.count)
        }
        if labelled.count >= Self.minimumLabelledLessons, Set(labelled.map(\.level)).count >= 2, labelled.count <= 300 {
            var right = 0
            for k in labelled.indices {
                var rest = labelled
                rest.remove(at: k)
                if difficultyTrainer.fit(rest).classify(labelled[k].features).level == labelled[k].level { right += 1 }
            }
            learnedAccuracy = Double(right) / Double(labelled.count)
        }
        // The learned classifier replaces the hand-set one only when it predicts unseen lessons better.
        let learnDifficulty = (learnedAccuracy ?? 0) > (defaultAccuracy ?? 1)
        if learnDifficulty { bundle.difficulty = difficultyTrainer.fit(labelled) }
        progress("fitted difficulty classifier", 0.8)

        let report = TrainingReport(
            learners: learners.count, events: events.count, knowledgeTracing: kt, mastery: masteryReport,
            rasch: TrainingReport.Rasch(items: items.count, lessons: lessons.count, responses: itemResponses.count,
                                        heldOutResponses: raschHeldOut.labels.count, heldOutAUC: Self.auc(raschHeldOut.scores, raschHeldOut.labels)),
            difficulty: TrainingReport.Difficulty(labelledLessons: labelled.count, trained: learnDifficulty,
                                                  heldOutAccuracy: learnedAccuracy, defaultAccuracy: defaultAccuracy),
            seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let version = try await ModelVersionRepository(database: database).insert(
            kind: ModelStore.kind, parameters: String(decoding: try encoder.encode(bundle), as: UTF8.self),
            metrics: String(decoding: try encoder.encode(report), as: UTF8.self), activate: true)
        progress("stored model version \(version.id)", 0.9)

        try await LessonLevels.apply(bundle, data: data)
        try await Self.rebuildKnowledge(tracer, data: data)
        progress("updated lesson levels and posteriors", 1)
        return Outcome(version: version, report: report, bundle: bundle)
    }

    // MARK: steps

    /// The BKT model, and how many skills kept forgetting.
    private func fitKnowledge(_ attempts: [String: [String: [Bool]]]) async -> (model: BKTModel, forgetting: Int) {
        var sequences: [String: AttemptSequences] = [:]
        for (_, skills) in attempts {
            for (skill, outcomes) in skills { sequences[skill, default: AttemptSequences()].append(outcomes) }
        }
        let enough = sequences.filter { $0.value.attemptCount >= Self.minimumAttemptsPerSkill }
        let choices = await BKTForgettingSelection().fitAll(enough)
        return (BKTModel(skills: choices.mapValues(\.parameters)), choices.values.filter(\.forgetting).count)
    }

    /// Runs one learner's scored attempts in order through `tracer` and the item-aware layer,
    /// calling `visit(item, BKT's prediction, the layer's prediction, outcome)` before each is
    /// observed. BKT's prediction uses the skill's plain emissions (the layer adds the item).
    static func walk(_ events: [StoredProgressEvent], tracer: KnowledgeTracer, itemAware: ItemAwareModel,
                     visit: (String?, Double, Double, Bool) -> Void) {
        var states: [String: KnowledgeState] = [:]
        var ability = ItemAwareModel.Ability()
        for e in events where isAttempt(e) {
            let skill = e.skillId!
            let p = tracer.knowledge.parameters(for: skill)
            let state = states[skill] ?? p.initialState
            let bkt = p.probabilityCorrect(state)
            visit(e.itemId, bkt, itemAware.probability(bktCorrect: bkt, item: e.itemId, ability: ability.value(pseudoCount: itemAware.abilityPseudoCount)), e.correct!)
            ability.record(correct: e.correct!, predicted: bkt)
            states[skill] = tracer.update(state, skill: skill, item: tracedItem(e), correct: e.correct!)
        }
    }

    /// The layer's training rows: plain BKT states, so item difficulty is calibrated against BKT
    /// alone.
    static func itemAwareRows(_ byLearner: [String: [StoredProgressEvent]], knowledge: BKTModel) -> [ItemAwareModel.Row] {
        var rows: [ItemAwareModel.Row] = []
        for learner in byLearner.keys.sorted() {
            var ability = ItemAwareModel.Ability()
            walk(byLearner[learner]!, tracer: KnowledgeTracer(knowledge: knowledge), itemAware: .identity) { item, bkt, _, correct in
                rows.append(ItemAwareModel.Row(bktCorrect: bkt, item: item, ability: ability.value(pseudoCount: ItemAwareModel.identity.abilityPseudoCount), correct: correct))
                ability.record(correct: correct, predicted: bkt)
            }
        }
        return rows
    }

    /// A learner's ability for the item-aware layer: the shrunk mean residual over their attempts.
    static func ability(_ events: [StoredProgressEvent], tracer: KnowledgeTracer) -> Double {
        var ability = ItemAwareModel.Ability()
        let pseudoCount = tracer.items?.abilityPseudoCount ?? ItemAwareModel.identity.abilityPseudoCount
        walk(events, tracer: tracer, itemAware: .identity) { _, bkt, _, correct in ability.record(correct: correct, predicted: bkt) }
        return ability.value(pseudoCount: pseudoCount)
    }

    /// One example per learner and skill with at least two attempts, cut after k of its n attempts
    /// (1 ≤ k < n, chosen by a stable hash): the behaviour and filtered posterior before attempt
    /// k + 1 are the inputs; the target is the hindsight P(known at attempt k + 1) given all n
    /// outcomes (`smoothedKnown`), so the score stays a probability of mastery while later evidence
    /// supervises it; attempt k + 1's outcome is kept to measure next-attempt AUC.
    private func masteryExamples(_ byLearner: [String: [StoredProgressEvent]], tracer: KnowledgeTracer,
                                 behaviour: BehaviourFeatures) -> [MasteryExample] {
        var rows: [MasteryExample] = []
        for learner in byLearner.keys.sorted() {
            let events = byLearner[learner]!
            var positions: [String: [Int]] = [:]
            for (i, e) in events.enumerated() where Self.isAttempt(e) { positions[e.skillId!, default: []].append(i) }
            for skill in positions.keys.sorted() {
                let at = positions[skill]!
                guard at.count >= 2 else { continue }
                let outcomes = at.map { events[$0].correct! }
                let k = 1 + Int(Self.stableHash(learner + "\u{1}" + skill) % UInt64(at.count - 1))
                let parameters = tracer.knowledge.parameters(for: skill)
                var features = behaviour.features(events[..<at[k]].lazy.map(\.event))[skill] ?? MasteryFeatures()
                features.pKnown = tracer.state(skill: skill, after: at[..<k].map { (item: events[$0].itemId, correct: events[$0].correct!) }).pKnown
                rows.append(MasteryExample(features: features, target: parameters.smoothedKnown(outcomes)[k], nextCorrect: outcomes[k]))
            }
        }
        // Shuffled with a fixed seed: the trainer takes its calibration rows from the tail.
        var generator = SeededGenerator(seed: 20_260_301)
        rows.shuffle(using: &generator)
        return rows
    }

    struct MasteryExample {
        var features: MasteryFeatures
        /// Hindsight P(known), the training target.
        var target: Double
        /// The outcome of the attempt right after the cut.
        var nextCorrect: Bool
    }

    static func isAttempt(_ e: StoredProgressEvent) -> Bool {
        ProgressRepository.attemptTypes.contains(e.type) && e.skillId != nil && e.correct != nil
    }

    static func attemptSequences(_ events: [StoredProgressEvent]) -> [String: [Bool]] {
        var result: [String: [Bool]] = [:]
        for e in events where isAttempt(e) { result[e.skillId!, default: []].append(e.correct!) }
        return result
    }

    /// Recomputes every stored posterior with `tracer`, after the model in force changed.
    static func rebuildKnowledge(_ tracer: KnowledgeTracer, data: LearningDataRepository) async throws {
        try await data.rebuildKnowledge(types: Array(ProgressRepository.attemptTypes).sorted()) { events in
            var byLearner: [String: [StoredProgressEvent]] = [:]
            for event in events { byLearner[event.userId, default: []].append(event) }
            return knowledgeStates(byLearner, tracer: tracer)
        }
    }

    static func knowledgeStates(_ byLearner: [String: [StoredProgressEvent]], tracer: KnowledgeTracer) -> [SkillKnowledgeRecord] {
        let now = Timestamp.nowMillis()
        var states: [SkillKnowledgeRecord] = []
        for learner in byLearner.keys.sorted() {
            for (skill, answers) in answersBySkill(byLearner[learner]!).sorted(by: { $0.key < $1.key }) {
                let state = tracer.state(skill: skill, after: answers)
                states.append(SkillKnowledgeRecord(userId: learner, skillId: skill, pKnown: state.pKnown,
                                                   attempts: answers.count, correct: answers.filter(\.correct).count, updatedAt: now, logOdds: state.logOdds))
            }
        }
        return states
    }

    /// Scored attempts per skill with the item that observes each (`tracedItem`), oldest first.
    static func answersBySkill(_ events: [StoredProgressEvent]) -> [String: [(item: String?, correct: Bool)]] {
        var result: [String: [(item: String?, correct: Bool)]] = [:]
        for e in events where isAttempt(e) {
            result[e.skillId!, default: []].append((item: tracedItem(e), correct: e.correct!))
        }
        return result
    }

    /// The item whose emissions observe an attempt: quiz answers only, as in the live update.
    static func tracedItem(_ e: StoredProgressEvent) -> String? {
        e.type == EventType.quizAttempt.rawValue ? e.itemId : nil
    }

    static func auc(_ scores: [Double], _ labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count
        guard positives > 0, positives < labels.count else { return nil }
        return ModelMetrics.auc(scores: scores, labels: labels)
    }

    /// FNV-1a: stable across runs and machines, unlike `hashValue`.
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
