import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Wave3API
import Storage

@Suite struct OperationsTests {
    @Test func healthEndpoints() async throws {
        try await TestEnvironment.withApp { client, _ in
            let live = try await client.send(.get, "/health/live")
            #expect(live.status == .ok)
            #expect(live.json["status"] as? String == "ok")
            let ready = try await client.send(.get, "/health/ready")
            #expect(ready.status == .ok)
            #expect((ready.json["checks"] as? [String: String])?["database"] == "ok")
        }
    }

    @Test func readinessFailsWhenTheDatabaseIsGone() async throws {
        try await TestEnvironment.withDatabase { database in
            let configuration = TestEnvironment.configuration()
            let services = await AppServices(database: database, configuration: configuration)
            let app = buildApplication(services, configuration: configuration, logger: .init(label: "test"))
            let broken = try await Database.open(url: "sqlite://\(FileManager.default.temporaryDirectory.path)/closed-\(UUID()).sqlite", logger: .init(label: "t"))
            try await broken.close()
            let brokenServices = await AppServices(database: broken, configuration: configuration)
            let brokenApp = buildApplication(brokenServices, configuration: configuration, logger: .init(label: "test"))
            try await app.test(.router) { client in
                let ready = try await client.send(.get, "/health/ready")
                #expect(ready.status == .ok)
            }
            try await brokenApp.test(.router) { client in
                let ready = try await client.send(.get, "/health/ready")
                #expect(ready.status == .serviceUnavailable)
                // An API call on a closed database is a 503 with the JSON shape (retry elsewhere), never a crash.
                let list = try await client.send(.get, "/api/v1/lessons")
                #expect(list.status == .serviceUnavailable)
                #expect(list.errorCode == "unavailable")
            }
        }
    }

    @Test func readinessFailsUntilMigrationsAreApplied() async throws {
        let configuration = TestEnvironment.configuration()
        let empty = try await Database.open(url: "sqlite://\(FileManager.default.temporaryDirectory.path)/unmigrated-\(UUID()).sqlite", logger: .init(label: "t"))
        let services = await AppServices(database: empty, configuration: configuration)
        try await buildApplication(services, configuration: configuration, logger: .init(label: "test")).test(.router) { client in
            let before = try await client.send(.get, "/health/ready")
            #expect(before.status == .serviceUnavailable)
            #expect((before.json["checks"] as? [String: String])?["schema"]?.contains("pending") == true)
            try await Migrator(directory: configuration.migrationsDirectory).migrate(empty)
            let after = try await client.send(.get, "/health/ready")
            #expect(after.status == .ok)
            #expect((after.json["checks"] as? [String: String])?["schema"] == "ok")
        }
        try await empty.close()
    }

    @Test func migrateNamesAMissingDirectory() async throws {
        let database = try await Database.open(url: "sqlite://\(FileManager.default.temporaryDirectory.path)/nodir-\(UUID()).sqlite", logger: .init(label: "t"))
        await #expect(throws: DatabaseError.migrationsDirectoryMissing("/nonexistent/migrations")) {
            try await Migrator(directory: "/nonexistent/migrations").migrate(database)
        }
        try await database.close()
    }

    @Test func metricsCountRequests() async throws {
        try await TestEnvironment.withApp { client, _ in
            for _ in 0..<3 { _ = try await client.send(.get, "/health/live") }
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            let line = metrics.text.split(separator: "\n").first { $0.hasPrefix("hb_requests{") && $0.contains("\"/health/live\"") && $0.contains("\"200\"") }
            let count = line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            #expect(count >= 3, "\(metrics.text.prefix(2000))")
            #expect(metrics.text.contains("http_server_request_duration_bucket{http_route=\"/health/live\""))
        }
    }

    // The OpenAPI document against the router, both directions: OpenAPITests.

    @Test func errorsHaveTheJSONShapeAndRequestIds() async throws {
        try await TestEnvironment.withApp { client, _ in
            let missing = try await client.send(.get, "/api/v1/nothing-here")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(missing.headers[RequestIDMiddleware.header] != nil)
            let echoed = try await client.send(.get, "/health/live", headers: [RequestIDMiddleware.header: "abc-123"])
            #expect(echoed.headers[RequestIDMiddleware.header] == "abc-123")
            let lesson = try await client.send(.get, "/api/v1/lessons/unknown")
            #expect(lesson.status == .notFound)
            #expect(lesson.errorCode == "not_found")
        }
    }

    @Test func unknownMethodsOnKnownPathsAre405WithAllow() async throws {
        try await TestEnvironment.withApp { client, _ in
            let trace = try await client.send(HTTPRequest.Method("TRACE")!, "/metrics")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.errorCode == "method_not_allowed")
            #expect(trace.headers[.allow] == "GET, HEAD")
            let deleteMe = try await client.send(.delete, "/api/v1/me")
            #expect(deleteMe.status == .methodNotAllowed)
            let patchLesson = try await client.send(.patch, "/api/v1/lessons/some-id")
            #expect(patchLesson.status == .methodNotAllowed)
            #expect(patchLesson.headers[.allow] == "DELETE, GET, HEAD, PUT")
            let head = try await client.send(.head, "/health/live")
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let unknown = try await client.send(.delete, "/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
        }
    }

    @Test func oversizeBodiesAre413() async throws {
        try await TestEnvironment.withApp { client, _ in
            let huge = #"{"email":"a@example.org","password":""# + String(repeating: "x", count: 200_000) + #"","displayName":"X"}"#
            let response = try await client.send(.post, "/api/v1/auth/register", json: huge)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "body_too_large")
        }
    }

    @Test func servesThePWAShell() async throws {
        try await TestEnvironment.withApp { client, _ in
            let index = try await client.send(.get, "/")
            #expect(index.status == .ok)
            #expect(index.text.contains("<html"))
        }
    }
}
