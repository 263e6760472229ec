import Foundation
import HummingbirdTesting
import Testing
@testable import Wave3API

/// `GET /lessons` lists summaries; the Markdown body comes with the single lesson.
@Suite struct LessonSummaryTests {
    @Test func listsCarryNoBody() async throws {
        try await TestEnvironment.withApp { client, services in
            try await ProgressTests.seedLessons(services)
            let page = try await client.send(.get, "/api/v1/lessons?limit=5")
            #expect(page.status == .ok)
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["content"] == nil && $0["title"] != nil && $0["estimatedMinutes"] != nil })
            let single = try await client.send(.get, "/api/v1/lessons/l1")
            #expect(single.json["content"] as? String == "text")
        }
    }
}
