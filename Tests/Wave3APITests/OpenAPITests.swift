import Foundation
import Testing
@testable import Wave3API

/// `Resources/openapi.json` is the contract (docs/api.md): every route the router serves is
/// documented there, and every documented path and method is served.
@Suite struct OpenAPITests {
    static let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// `METHOD /path/{param}` for every operation of the document.
    static func documented() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, operations in
            operations.keys.filter(verbs.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    /// `METHOD /path/{param}` for every route of the router, with Hummingbird's `:param` written
    /// as OpenAPI's `{param}`.
    static func routed() async throws -> Set<String> {
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: TestEnvironment.configuration())
            let router = buildRouter(services, configuration: TestEnvironment.configuration())
            return Set(router.routes.map { route in
                let path = "/" + route.path.description.split(separator: "/")
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method.rawValue) \(path)"
            })
        }
    }

    @Test func everyRouteIsDocumented() async throws {
        let documented = try Self.documented()
        let routed = try await Self.routed()
        for route in routed.subtracting(documented).sorted() {
            Issue.record("\(route) is routed but not in Resources/openapi.json")
        }
    }

    @Test func everyDocumentedOperationIsRouted() async throws {
        let documented = try Self.documented()
        let routed = try await Self.routed()
        for operation in documented.subtracting(routed).sorted() {
            Issue.record("\(operation) is in Resources/openapi.json but no route serves it")
        }
        // Both sets are built from real data: an empty one would make the comparison vacuous.
        #expect(documented.count > 30 && routed.count > 30)
    }

    @Test func theDocumentIsServed() async throws {
        try await TestEnvironment.withApp { client, _ in
            let served = try await client.send(.get, "/openapi.json")
            #expect(served.status == .ok)
            #expect(served.json["openapi"] as? String == "3.1.0")
        }
    }
}
