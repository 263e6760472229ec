import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import Wave3API

@Suite struct AuthTests {
    @Test func registerLoginAndMe() async throws {
        try await TestEnvironment.withApp { client, _ in
            let session = try await client.register("new@example.org", name: "New Learner")
            #expect(!session.token.isEmpty)
            let login = try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"NEW@example.org","password":"correct horse battery"}"#)
            #expect(login.status == .ok)
            let user = login.json["user"] as? [String: Any]
            #expect(user?["email"] as? String == "new@example.org")
            #expect(user?["role"] as? String == "learner")
            #expect(user?["displayName"] as? String == "New Learner")
            let me = try await client.send(.get, "/api/v1/me", token: login.json["token"] as? String)
            #expect(me.status == .ok)
            #expect(me.json["id"] as? String == session.userId)
            #expect(me.json["passwordHash"] == nil)
        }
    }

    @Test func wrongPasswordAndUnknownEmailAreBoth401() async throws {
        try await TestEnvironment.withApp { client, _ in
            _ = try await client.register("a@example.org")
            let wrong = try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"a@example.org","password":"not the password"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "invalid_credentials")
            let unknown = try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"nobody@example.org","password":"whatever1"}"#)
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func duplicateEmailIsConflict() async throws {
        try await TestEnvironment.withApp { client, _ in
            _ = try await client.register("dup@example.org")
            let again = try await client.send(.post, "/api/v1/auth/register", json: #"{"email":"Dup@example.org","password":"another password","displayName":"X"}"#)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "email_taken")
        }
    }

    @Test(arguments: [
        (#"{"email":"bad","password":"long enough","displayName":"X"}"#, "invalid_email"),
        (#"{"email":"a@example.org","password":"short","displayName":"X"}"#, "invalid_password"),
        (#"{"email":"a@example.org","password":"long enough","displayName":""}"#, "invalid_display_name"),
        (#"{"email":"a@example.org","password":"long enough"}"#, "invalid_body"),
        (#"{"email":42,"password":"long enough","displayName":"X"}"#, "invalid_body"),
        (#"{"email":"a@example.org""#, "invalid_body"),
        (#"[]"#, "invalid_body"),
    ])
    func registerRejectsBadInput(body: String, code: String) async throws {
        try await TestEnvironment.withApp { client, _ in
            let response = try await client.send(.post, "/api/v1/auth/register", json: body)
            #expect((400..<500).contains(response.status.code), "\(body) → \(response.status)")
            #expect(response.errorCode == code, "\(body) → \(response.text)")
        }
    }

    @Test func missingForgedAndExpiredTokensAre401() async throws {
        try await TestEnvironment.withApp { client, services in
            let none = try await client.send(.get, "/api/v1/me")
            #expect(none.status == .unauthorized)
            #expect(none.errorCode == "unauthorized")

            let session = try await client.register("t@example.org")
            var parts = session.token.split(separator: ".").map(String.init)
            parts[2] = String(parts[2].reversed())
            let forged = try await client.send(.get, "/api/v1/me", token: parts.joined(separator: "."))
            #expect(forged.status == .unauthorized)
            #expect(forged.errorCode == "invalid_token")

            let other = await AuthService(secret: "another-secret-that-is-also-32-bytes-long", bcryptCost: 4, tokenLifetime: 60)
            let wrongKey = try await other.issueToken(userId: session.userId, role: .admin)
            #expect(try await client.send(.get, "/api/v1/me", token: wrongKey).status == .unauthorized)

            let expired = try await services.auth.issueToken(userId: session.userId, role: .learner, now: Date().addingTimeInterval(-2 * 86_400))
            #expect(try await client.send(.get, "/api/v1/me", token: expired).status == .unauthorized)

            let garbage = try await client.send(.get, "/api/v1/me", headers: [.authorization: "Basic Zm9vOmJhcg=="])
            #expect(garbage.status == .unauthorized)
        }
    }
}
