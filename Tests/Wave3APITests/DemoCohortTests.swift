import Foundation
import Logging
import Testing
@testable import Storage
@testable import Wave3API

/// The demo's simulated cohort: real quiz items, graded answers, written once.
@Suite struct DemoCohortTests {
    @Test func cohortAnswersRealItemsAndIsWrittenOnce() async throws {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            _ = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            let cohort = try #require(try await services.users.find(email: DemoCohort.email(0)))
            #expect(try await services.users.find(email: DemoCohort.email(DemoCohort.learners - 1)) != nil)
            let items = Dictionary(uniqueKeysWithValues: try await database.sql.select().columns("id", "skill_id", "lesson_id").from("quiz_items").all().map {
                (try $0.decode(column: "id", as: String.self), (skill: try $0.decode(column: "skill_id", as: String.self), lesson: try $0.decode(column: "lesson_id", as: String.self)))
            })
            let events = try await services.learningData.events(types: ["quiz_attempt"])
            let cohortEvents = events.filter { $0.userId == cohort.id }
            #expect(cohortEvents.count >= 10)
            #expect(events.count > 10_000, "a few hundred learners over six weeks")
            for e in events {
                let item = try #require(items[e.itemId ?? ""], "\(e.itemId ?? "nil") is a seeded quiz item")
                #expect(e.skillId == item.skill && e.lessonId == item.lesson)
                #expect(e.correct != nil)
            }
            // Graded answers: neither all right nor all wrong.
            let rate = Double(events.filter { $0.correct == true }.count) / Double(events.count)
            #expect(rate > 0.4 && rate < 0.9, "\(rate)")
            // Each learner's posteriors follow their answers, and XP was booked from the same grades.
            #expect(!(try await services.learningData.skillKnowledge(userId: cohort.id)).isEmpty)
            let right = cohortEvents.filter { $0.correct == true }.count
            #expect(try await services.progress.xp(userId: cohort.id) >= right * ProgressRepository.XP.correctQuizAttempt)
            let again = try await DemoSeeder(services: services, logger: Logger(label: "seed")).run()
            #expect(again.users == 0 && again.events == 0)
        }
    }
}
