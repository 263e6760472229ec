import Foundation
import HTTPTypes
import HummingbirdTesting
import LearningCore
import Logging
import Synchronization
import Testing
@testable import Storage
@testable import Wave3API
import LearningSimulation

/// `wave3 train` on the demo seed, model versions, activation, rollback, and replicas following.
@Suite struct ModelTrainingTests {
    @Test func trainCommandOnTheDemoSeed() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            _ = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            let summary = try await Wave3Commands.train(database: database)
            #expect(summary.contains("model version 1 stored and activated"), "\(summary)")
            #expect(summary.contains("held-out next-attempt AUC"))

            let record = try #require(try await services.modelVersions.get(id: 1))
            #expect(record.active)
            #expect(try await services.modelVersions.activeId(kind: ModelStore.kind) == 1)
            let report = try JSONDecoder().decode(TrainingReport.self, from: Data(record.metrics.utf8))
            let bundle = try JSONDecoder().decode(LearningModelBundle.self, from: Data(record.parameters.utf8))
            let events = try await services.learningData.events()
            let scored = events.filter(ModelTrainer.isAttempt)
            #expect(report.learners == DemoSeeder.learners.count + DemoCohort.learners)
            // The demo learns: the cohort gives the models real signal (issue 10's bars).
            #expect(report.knowledgeTracing.heldOutAUC ?? 0 >= 0.70, "\(summary)")
            #expect(report.rasch.heldOutAUC ?? 0 >= 0.65, "\(summary)")
            #expect(report.events == events.count)
            #expect(report.knowledgeTracing.attempts == scored.count)
            #expect(report.knowledgeTracing.heldOutLearners >= 1)
            #expect(report.rasch.responses == events.filter { $0.type == "quiz_attempt" && $0.itemId != nil }.count)
            #expect(bundle.lessonDifficulties.count == Set(events.filter { $0.type == "quiz_attempt" }.map(\.lessonId)).count)
            // Skills with enough attempts got their own parameters, valid (guess < 1 − slip).
            let perSkill = Dictionary(grouping: scored, by: { $0.skillId! }).mapValues(\.count)
            #expect(Set(bundle.knowledge.skills.keys) == Set(perSkill.filter { $0.value >= ModelTrainer.minimumAttemptsPerSkill }.keys))
            for p in bundle.knowledge.skills.values { #expect(p.isValid) }

            // The stored posteriors now follow the fitted parameters.
            let ada = try #require(try await services.users.find(email: "ada@wave3.dev"))
            let adaAttempts = Dictionary(grouping: scored.filter { $0.userId == ada.id }, by: { $0.skillId! })
            let states = try await services.learningData.skillKnowledge(userId: ada.id)
            #expect(states.count == adaAttempts.count)
            for state in states {
                let answers = adaAttempts[state.skillId]!.map { (item: ModelTrainer.tracedItem($0), correct: $0.correct!) }
                #expect(state.attempts == answers.count)
                // The bundle's tracer: with item parameters each quiz answer is observed with its item's emissions.
                #expect(abs(state.pKnown - bundle.tracer.state(skill: state.skillId, after: answers).pKnown) < 1e-9)
            }
            // Every lesson shows the level of the new bundle: content estimate shrunk towards Rasch.
            let catalogue = try await services.learningData.catalogue()
            let estimates = LessonLevels.estimates(bundle, catalogue: catalogue)
            for lesson in catalogue { #expect(lesson.difficulty == estimates[lesson.id]?.level.rawValue) }
            #expect(catalogue.contains { estimates[$0.id]!.raschWeight > 0 }, "calibrated lessons weigh their responses")

            // The API serves the new version once the store polls.
            #expect(try await services.models.refresh())
            #expect(services.models.current.version == 1)
            #expect(services.models.current.bundle == bundle)
            #expect(try await services.models.refresh() == false, "nothing changed, nothing reloaded")
        }
    }

    /// Enough simulated learners for every model to be learned rather than defaulted: BKT recovers
    /// the generating parameters through the database, and the learned mastery model is stored.
    @Test func trainLearnsFromEnoughSimulatedLearners() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            try await LearningTests.seedLesson(services)
            var simulator = LearnerSimulator(seed: 31)
            let truth = [BKTParameters(prior: 0.2, learn: 0.2, guess: 0.2, slip: 0.1), BKTParameters(prior: 0.5, learn: 0.1, guess: 0.1, slip: 0.15)]
            let histories = simulator.knowledgeTracingHistories(parameters: truth, learners: 250, skillsPerLearner: 2, attemptsPerSkill: 6...14)
            var learnerIds: [Int: String] = [:]
            for learner in Set(histories.map(\.learner)).sorted() {
                learnerIds[learner] = try await services.users.create(email: "sim\(learner)@example.org", passwordHash: "x", displayName: "Sim", role: "learner").id
            }
            var clock: Int64 = 1_700_000_000_000
            for h in histories {
                // Behaviour the simulator correlates with knowing the skill, before the attempts.
                let b = simulator.behaviour(for: h)
                var events: [ProgressEvent] = []
                func add(_ type: String, _ count: Int, duration: Int64? = nil) {
                    for _ in 0..<count {
                        clock += 60_000
                        events.append(ProgressEvent(type: type, lessonId: "l1", skillId: "skill\(h.skill)", durationMs: duration, occurredAt: clock))
                    }
                }
                add("help_request", b.helpRequests)
                add("video_view", b.videoViews)
                add("time_spent", 1, duration: Int64(b.timeSpentMinutes * 60_000))
                for correct in h.outcomes {
                    clock += 60_000
                    events.append(ProgressEvent(type: "quiz_attempt", lessonId: "l1", skillId: "skill\(h.skill)", correct: correct, occurredAt: clock))
                }
                _ = try await services.progress.record(userId: learnerIds[h.learner]!, key: "sim-\(h.skill)", requestHash: "h", events: events, durations: .asRecorded) { _, _ in "{}" }
            }
            _ = try await Wave3Commands.train(database: database)
            let record = try #require(try await services.modelVersions.get(id: 1))
            let report = try JSONDecoder().decode(TrainingReport.self, from: Data(record.metrics.utf8))
            let bundle = try JSONDecoder().decode(LearningModelBundle.self, from: Data(record.parameters.utf8))
            #expect(report.knowledgeTracing.fittedSkills == 2)
            #expect(report.knowledgeTracing.attempts == histories.reduce(0) { $0 + $1.outcomes.count })
            for (k, t) in truth.enumerated() {
                let fitted = bundle.knowledge.parameters(for: "skill\(k)")
                let errors = [fitted.prior - t.prior, fitted.learn - t.learn, fitted.guess - t.guess, fitted.slip - t.slip].map(abs)
                #expect(errors.max()! < 0.1, "skill\(k): fitted \(fitted), truth \(t)")
            }
            #expect(report.knowledgeTracing.heldOutAUC ?? 0 > 0.6)
            #expect(report.mastery.trainingExamples == histories.count)
            #expect(report.mastery.trained == (bundle.mastery != .untrained))
            // The gate: learned only with enough examples and no held-out loss against the posterior.
            let gain = (report.mastery.heldOutAUC ?? 0) >= (report.mastery.posteriorOnlyAUC ?? 0) - 0.01
            #expect(report.mastery.trained == (report.mastery.trainingExamples >= ModelTrainer.minimumMasteryExamples && gain), "\(report.mastery)")
        }
    }

    @Test func trainOnAnEmptyDatabaseStoresTheDefaults() async throws {
        try await TestEnvironment.withDatabase { database in
            let summary = try await Wave3Commands.train(database: database)
            #expect(summary.contains("model version 1"))
            let versions = ModelVersionRepository(database: database)
            let record = try #require(try await versions.get(id: 1))
            let bundle = try JSONDecoder().decode(LearningModelBundle.self, from: Data(record.parameters.utf8))
            #expect(bundle == LearningModelBundle.defaults)
            let report = try JSONDecoder().decode(TrainingReport.self, from: Data(record.metrics.utf8))
            #expect(report.learners == 0 && report.events == 0)
            #expect(report.knowledgeTracing.heldOutAUC == nil, "no data, no figure rather than a made-up one")
            #expect(!report.mastery.trained && !report.difficulty.trained)
        }
    }

    /// The progress bar's feed: stages in order, fractions rising to 1.
    @Test func trainingReportsProgress() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            try await LearningTests.seedLesson(services)
            let updates = Mutex<[(String, Double)]>([])
            let trainer = ModelTrainer(database: database, progress: { stage, fraction in updates.withLock { $0.append((stage, fraction)) } })
            _ = try await trainer.train()
            let seen = updates.withLock { $0 }
            #expect(seen.count >= 5)
            #expect(seen.map(\.1) == seen.map(\.1).sorted(), "never goes backwards")
            #expect(seen.first?.1 == 0 && seen.last?.1 == 1)
            #expect(seen.contains { $0.0.contains("BKT") } && seen.contains { $0.0.contains("Rasch") } && seen.contains { $0.0.contains("model version 1") })
        }
    }

    /// Attempts recorded while `train` rebuilds the stored posteriors are neither lost nor counted twice.
    @Test func attemptsDuringTrainingAreTracedOnce() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            _ = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            let ada = try #require(try await services.users.find(email: "ada@wave3.dev"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await Wave3Commands.train(database: database) }
                for k in 0..<20 {
                    group.addTask {
                        let event = ProgressEvent(type: "quiz_attempt", lessonId: "math-arithmetic-basics", skillId: "math.arithmetic",
                                                     correct: k % 3 != 0, occurredAt: Timestamp.nowMillis())
                        _ = try await services.progress.record(userId: ada.id, key: "during-train-\(k)", requestHash: "h", events: [event]) { _, _ in "{}" }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await services.learningData.events(userId: ada.id).filter(ModelTrainer.isAttempt)
            let counts = Dictionary(grouping: events, by: { $0.skillId! }).mapValues(\.count)
            let states = try await services.learningData.skillKnowledge(userId: ada.id)
            #expect(Dictionary(uniqueKeysWithValues: states.map { ($0.skillId, $0.attempts) }) == counts)
        }
    }

    @Test func adminListsActivatesAndRollsBack() async throws {
        try await TestEnvironment.withApp { client, services in
            _ = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            let admin = try await LearningTests.login(client, DemoSeeder.adminEmail, DemoSeeder.adminPassword)
            let learner = try await LearningTests.login(client, "ada@wave3.dev")

            let none = try await client.send(.post, "/api/v1/admin/models/rollback", token: admin.token)
            #expect(none.status == .conflict)
            #expect(none.errorCode == "no_previous_version")
            _ = try await Wave3Commands.train(database: services.database)
            _ = try await Wave3Commands.train(database: services.database)

            let list = try await client.send(.get, "/api/v1/admin/models", token: admin.token)
            #expect(list.status == .ok, "\(list.text)")
            let items = list.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["id"] as? Int } == [2, 1])
            #expect(items.map { $0["active"] as? Bool } == [true, false])
            #expect((items.first?["metrics"] as? [String: Any])?["knowledgeTracing"] != nil)
            #expect(try await client.send(.get, "/api/v1/admin/models?limit=1", token: admin.token).json["items"].map { ($0 as? [Any])?.count } == 1)
            #expect(try await client.send(.get, "/api/v1/admin/models?limit=0", token: admin.token).errorCode == "invalid_limit")

            let rolled = try await client.send(.post, "/api/v1/admin/models/rollback", token: admin.token)
            #expect(rolled.status == .ok, "\(rolled.text)")
            #expect(rolled.json["id"] as? Int == 1)
            #expect(rolled.json["active"] as? Bool == true)
            #expect(services.models.current.version == 1, "the replica that served the rollback applies it at once")
            let mastery = try await client.send(.get, "/api/v1/learners/\(learner.userId)/mastery", token: learner.token)
            #expect(mastery.json["modelVersion"] as? Int == 1)
            let again = try await client.send(.post, "/api/v1/admin/models/rollback", token: admin.token)
            #expect(again.status == .conflict, "nothing older than version 1")

            let forward = try await client.send(.post, "/api/v1/admin/models/2/activate", token: admin.token)
            #expect(forward.status == .ok)
            #expect(services.models.current.version == 2)
            #expect(try await client.send(.post, "/api/v1/admin/models/99/activate", token: admin.token).status == .notFound)
            #expect(try await client.send(.post, "/api/v1/admin/models/abc/activate", token: admin.token).errorCode == "invalid_model_version")
            #expect(try await client.send(.post, "/api/v1/admin/models/-1/activate", token: admin.token).status == .badRequest)

            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/admin/models"), (.post, "/api/v1/admin/models/rollback"), (.post, "/api/v1/admin/models/1/activate")] {
                #expect(try await client.send(method, path, token: learner.token).status == .forbidden, "\(path)")
                #expect(try await client.send(method, path).status == .unauthorized, "\(path)")
            }
            #expect(try await services.modelVersions.activeId(kind: ModelStore.kind) == 2, "refused requests changed nothing")
        }
    }

    /// A second replica on the same database follows an activation through its polling service.
    @Test func otherReplicasPickUpTheActiveVersionWithoutRestart() async throws {
        try await TestEnvironment.withDatabase { database in
            let configuration = TestEnvironment.configuration()
            let replicaA = await AppServices(database: database, configuration: configuration)
            let replicaB = await AppServices(database: database, configuration: configuration)
            _ = try await DemoSeeder(services: replicaA, logger: Logger(label: "seed")).run()
            #expect(replicaB.models.current.version == nil)
            let poller = ModelRefreshService(store: replicaB.models, interval: .milliseconds(50), logger: Logger(label: "test"))
            let task = Task { try await poller.run() }
            defer { task.cancel() }
            _ = try await Wave3Commands.train(database: database)
            var waited = 0
            while replicaB.models.current.version != 1 && waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(replicaB.models.current.version == 1)
            _ = try await replicaA.modelVersions.activate(id: 1)
            _ = try await Wave3Commands.train(database: database)
            waited = 0
            while replicaB.models.current.version != 2 && waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(replicaB.models.current.version == 2)
            task.cancel()
            _ = await task.result
        }
    }

    @Test func newLessonsShowTheClassifierLevel() async throws {
        try await TestEnvironment.withApp { client, services in
            try await services.lessons.upsertSubject(SubjectRecord(id: "math", name: "Math", description: ""))
            let admin = try await client.admin(services)
            let text = String(decoding: try JSONEncoder().encode(LearningTests.hardText), as: UTF8.self)
            let created = try await client.send(.post, "/api/v1/lessons", token: admin.token,
                                                json: #"{"title":"Eigen","subject":"math","content":\#(text),"estimatedMinutes":30}"#)
            #expect(created.status == .created, "\(created.text)")
            let expected = LearningModelBundle.defaults.estimate(lessonId: nil, content: LearningTests.hardText, prerequisiteDepth: 0).level
            #expect(created.json["difficulty"] as? String == expected.rawValue)
            let easy = try await client.send(.post, "/api/v1/lessons", token: admin.token,
                                             json: #"{"title":"Cats","subject":"math","content":"\#(LearningTests.easyText)","estimatedMinutes":5}"#)
            #expect(easy.json["difficulty"] as? String == "beginner")
        }
    }
}
