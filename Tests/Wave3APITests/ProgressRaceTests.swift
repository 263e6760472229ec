import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Storage
@testable import Wave3API

/// Offline replays racing each other. On PostgreSQL (`WAVE3_TEST_DATABASE_URL`, as `make test`
/// runs this suite) two transactions insert the same client event id at once; one used to abort
/// on the unique index and answer 500.
@Suite struct ProgressRaceTests {
    @Test func sameClientEventUnderDifferentKeysIsADuplicateNotA500() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let learner = try await client.register("race@example.org")
            // Started an hour ago, so the 5 s of time claimed below is all creditable.
            try await ProgressClaimsTests.startLesson("l1", client: client, learner: learner, services: services, ago: 3_600_000)
            for round in 0..<5 {
                let body = #"{"events":[{"id":"ev-\#(round)-1","type":"time_spent","lessonId":"l1","durationMs":1000},{"id":"ev-\#(round)-2","type":"quiz_attempt","lessonId":"l1","itemId":"q\#(round + 1)","answer":0}]}"#
                let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for replica in 0..<6 {
                        group.addTask {
                            let response = try await client.send(.post, "/api/v1/progress", token: learner.token, json: body,
                                                                 headers: [ProgressController.keyHeader: "r\(round)-\(replica)"])
                            return (Int(response.status.code), response.text)
                        }
                    }
                    return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
                }
                #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers)")
                let accepted = answers.compactMap { try? JSONSerialization.jsonObject(with: Data($0.1.utf8)) as? [String: Any] }
                    .map { $0["accepted"] as? Int ?? -1 }
                #expect(accepted.reduce(0, +) == 2, "each event accepted exactly once across the racing requests: \(accepted)")
            }
            #expect(try await services.progress.eventCount(userId: learner.userId) == 11)
            let row = try #require(try await services.progress.lessonProgress(userId: learner.userId).first)
            #expect(row.timeSpentMs == 5000)
            #expect(try await services.progress.xp(userId: learner.userId) == 5 * ProgressRepository.XP.correctQuizAttempt)
        }
    }
}
