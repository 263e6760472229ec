import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Wave3API
import Storage

@Suite struct LessonTests {
    static func lessonJSON(title: String = "Fractions", subject: String = "math", skills: [String] = ["math.fractions"],
                           prerequisites: [String] = [], minutes: Int = 10) -> String {
        let skillList = skills.map { "\"\($0)\"" }.joined(separator: ",")
        let prereqList = prerequisites.map { "\"\($0)\"" }.joined(separator: ",")
        return ##"{"title":"\##(title)","subject":"\##(subject)","skills":[\##(skillList)],"prerequisites":[\##(prereqList)],"content":"# \##(title)\n\nSome text.","estimatedMinutes":\##(minutes)}"##
    }

    static func makeSubject(_ services: AppServices, _ id: String = "math") async throws {
        try await services.lessons.upsertSubject(SubjectRecord(id: id, name: id.capitalized, description: ""))
    }

    @Test func adminCreatesReadsUpdatesDeletes() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services)
            let admin = try await client.admin(services)
            let created = try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON())
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["difficulty"] as? String == "beginner")
            #expect(created.json["skills"] as? [String] == ["math.fractions"])

            let read = try await client.send(.get, "/api/v1/lessons/\(id)")
            #expect(read.status == .ok)
            #expect(read.json["title"] as? String == "Fractions")
            let etag = try #require(read.headers[.eTag])

            let notModified = try await client.send(.get, "/api/v1/lessons/\(id)", headers: [.ifNoneMatch: etag])
            #expect(notModified.status == .notModified)

            let updated = try await client.send(.put, "/api/v1/lessons/\(id)", token: admin.token, json: Self.lessonJSON(title: "Fractions II", minutes: 15))
            #expect(updated.status == .ok)
            #expect(updated.json["version"] as? Int == 2)
            let stale = try await client.send(.get, "/api/v1/lessons/\(id)", headers: [.ifNoneMatch: etag])
            #expect(stale.status == .ok, "a write must change the ETag")
            #expect(stale.json["title"] as? String == "Fractions II")

            #expect(try await client.send(.delete, "/api/v1/lessons/\(id)", token: admin.token).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/lessons/\(id)").status == .notFound)
            #expect(try await client.send(.delete, "/api/v1/lessons/\(id)", token: admin.token).status == .notFound)
        }
    }

    @Test func learnersCannotWriteLessons() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services)
            let learner = try await client.register("l@example.org")
            let forbidden = try await client.send(.post, "/api/v1/lessons", token: learner.token, json: Self.lessonJSON())
            #expect(forbidden.status == .forbidden)
            let anonymous = try await client.send(.post, "/api/v1/lessons", json: Self.lessonJSON())
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func prerequisiteCycleIsRefusedWith409() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services)
            let admin = try await client.admin(services)
            let a = try #require(try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(title: "A")).json["id"] as? String)
            let b = try #require(try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(title: "B", prerequisites: [a])).json["id"] as? String)
            let c = try #require(try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(title: "C", prerequisites: [b])).json["id"] as? String)
            let cycle = try await client.send(.put, "/api/v1/lessons/\(a)", token: admin.token, json: Self.lessonJSON(title: "A", prerequisites: [c]))
            #expect(cycle.status == .conflict)
            #expect(cycle.errorCode == "prerequisite_cycle")
            let selfLoop = try await client.send(.put, "/api/v1/lessons/\(a)", token: admin.token, json: Self.lessonJSON(title: "A", prerequisites: [a]))
            #expect(selfLoop.status == .conflict)
            // The refused edits changed nothing.
            let unchanged = try await client.send(.get, "/api/v1/lessons/\(a)")
            #expect(unchanged.json["prerequisites"] as? [String] == [])
            let unknown = try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(prerequisites: ["nope"]))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.errorCode == "unknown_prerequisite")
            let noSubject = try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(subject: "history"))
            #expect(noSubject.errorCode == "unknown_subject")
        }
    }

    @Test func listFiltersAndPaginatesWithCursor() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services, "math")
            try await Self.makeSubject(services, "physics")
            let admin = try await client.admin(services)
            for index in 0..<7 {
                let subject = index % 2 == 0 ? "math" : "physics"
                let skill = index % 2 == 0 ? "math.algebra" : "physics.units"
                let response = try await client.send(.post, "/api/v1/lessons", token: admin.token,
                                                     json: Self.lessonJSON(title: "L\(index)", subject: subject, skills: [skill]))
                #expect(response.status == .created)
            }
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let uri = "/api/v1/lessons?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, uri)
                #expect(page.status == .ok)
                let items = page.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 3)
                seen += items.compactMap { $0["id"] as? String }
                cursor = page.json["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            #expect(seen == seen.sorted())

            let math = try await client.send(.get, "/api/v1/lessons?subject=math&limit=100")
            #expect((math.json["items"] as? [[String: Any]])?.count == 4)
            let units = try await client.send(.get, "/api/v1/lessons?skill=physics.units")
            #expect((units.json["items"] as? [[String: Any]])?.count == 3)
            let beginner = try await client.send(.get, "/api/v1/lessons?difficulty=beginner&subject=physics")
            #expect((beginner.json["items"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test func listPagesCarryETagsAndShowWritesAtOnce() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services)
            let admin = try await client.admin(services)
            let first = try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(title: "One"))
            let id = try #require(first.json["id"] as? String)
            let page = try await client.send(.get, "/api/v1/lessons")
            #expect((page.json["items"] as? [[String: Any]])?.count == 1)
            let etag = try #require(page.headers[.eTag])
            #expect(try await client.send(.get, "/api/v1/lessons", headers: [.ifNoneMatch: etag]).status == .notModified)

            // The page is cached, but a write through this replica must show up at once.
            #expect(try await client.send(.post, "/api/v1/lessons", token: admin.token, json: Self.lessonJSON(title: "Two")).status == .created)
            let grown = try await client.send(.get, "/api/v1/lessons", headers: [.ifNoneMatch: etag])
            #expect(grown.status == .ok)
            #expect((grown.json["items"] as? [[String: Any]])?.count == 2)
            #expect(try await client.send(.put, "/api/v1/lessons/\(id)", token: admin.token, json: Self.lessonJSON(title: "One, revised")).status == .ok)
            let revised = try await client.send(.get, "/api/v1/lessons")
            let titles = (revised.json["items"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
            #expect(titles.contains("One, revised"))
        }
    }

    @Test(arguments: ["limit=0", "limit=101", "limit=abc", "limit=-1", "cursor=%%%", "cursor=bm9wZQ", "difficulty=impossible"])
    func badListQueriesAre400(query: String) async throws {
        try await TestEnvironment.withApp { client, _ in
            let response = try await client.send(.get, "/api/v1/lessons?\(query)")
            #expect(response.status == .badRequest, "\(query) → \(response.status) \(response.text)")
            #expect(response.errorCode != nil)
        }
    }

    @Test func adminLessonValidation() async throws {
        try await TestEnvironment.withApp { client, services in
            try await Self.makeSubject(services)
            let admin = try await client.admin(services)
            let bodies = [
                #"{"title":"","subject":"math","content":"x","estimatedMinutes":5}"#,
                #"{"title":"T","subject":"math","content":"","estimatedMinutes":5}"#,
                #"{"title":"T","subject":"math","content":"x","estimatedMinutes":0}"#,
                #"{"title":"T","subject":"math","content":"x","estimatedMinutes":"ten"}"#,
                #"{"title":"T","subject":"math","content":"x","estimatedMinutes":5,"skills":["Bad Skill"]}"#,
                #"{"title":"T","subject":"math","content":"x","estimatedMinutes":5,"prerequisites":"x"}"#,
                #"{"title":"T"}"#,
                #"not json"#,
            ]
            for body in bodies {
                let response = try await client.send(.post, "/api/v1/lessons", token: admin.token, json: body)
                #expect((400..<500).contains(response.status.code), "\(body) → \(response.status)")
                #expect(response.errorCode != nil, "\(body) → \(response.text)")
            }
            let missing = try await client.send(.put, "/api/v1/lessons/does-not-exist", token: admin.token, json: Self.lessonJSON())
            #expect(missing.status == .notFound)
        }
    }
}
