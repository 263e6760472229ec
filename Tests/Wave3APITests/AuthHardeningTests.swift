import Foundation
import HTTPTypes
import HummingbirdTesting
import JWTKit
import Testing
@testable import Storage
@testable import Wave3API

/// Login throttling, enumeration by timing, long passwords, refresh tokens and key rotation.
@Suite struct AuthHardeningTests {
    static func login(_ client: any TestClientProtocol, _ email: String, _ password: String, ip: String = "10.0.0.1") async throws -> TestResponse {
        try await client.send(.post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"\#(password)"}"#,
                              headers: [.xForwardedFor: "203.0.113.9, \(ip)"])
    }

    static func trustProxy(_ configuration: inout AppConfiguration) { configuration.trustForwardedFor = true }

    @Test func policyBacksOffExponentiallyWithCaps() {
        let policy = LoginThrottlePolicy()
        #expect(policy.accountAndIP.block(afterFailures: 4) == 0)
        #expect(policy.accountAndIP.block(afterFailures: 5) == 1_000)
        #expect(policy.accountAndIP.block(afterFailures: 6) == 2_000)
        #expect(policy.accountAndIP.block(afterFailures: 200) == 15 * 60_000)
        #expect(policy.account.block(afterFailures: 10_000) == 30_000, "an attacker elsewhere holds the real user off 30 s at most")
    }

    /// 200 wrong passwords in 32 s met no limit: now the fifth failure starts a back-off with 429.
    @Test func bruteForceIsThrottledWithRetryAfter() async throws {
        // A long first block, so a loaded machine cannot outlast it between two requests.
        try await TestEnvironment.withApp(configure: {
            Self.trustProxy(&$0)
            $0.loginThrottle.accountAndIP = .init(freeFailures: 4, baseMillis: 60_000, maxMillis: 15 * 60_000)
        }) { client, _ in
            _ = try await client.register("victim@example.org")
            var statuses: [Int] = []
            for _ in 0..<8 { statuses.append(Int(try await Self.login(client, "victim@example.org", "wrong-password").status.code)) }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "\(statuses)")
            #expect(statuses.suffix(3).allSatisfy { $0 == 429 }, "\(statuses)")
            let blocked = try await Self.login(client, "victim@example.org", "correct horse battery")
            #expect(blocked.status == .tooManyRequests, "even the right password waits: guessing must not be confirmed")
            #expect(blocked.errorCode == "too_many_login_attempts")
            #expect((50...60).contains(Int(blocked.headers[.retryAfter] ?? "") ?? 0), "\(blocked.headers)")
            // The real user on another address is not locked out by the attacker's address.
            let elsewhere = try await Self.login(client, "victim@example.org", "correct horse battery", ip: "10.9.9.9")
            #expect(elsewhere.status == .ok, "\(elsewhere.text)")
        }
    }

    @Test func backOffExpires() async throws {
        try await TestEnvironment.withApp(configure: { Self.trustProxy(&$0) }) { client, services in
            _ = try await client.register("later@example.org")
            for _ in 0..<5 { _ = try await Self.login(client, "later@example.org", "nope-nope") }
            #expect(try await Self.login(client, "later@example.org", "correct horse battery").status == .tooManyRequests)
            // Wait out the 1 s block on the condition, with a deadline.
            let deadline = Date().addingTimeInterval(10)
            var status = HTTPResponse.Status.tooManyRequests
            while status == .tooManyRequests, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                status = try await Self.login(client, "later@example.org", "correct horse battery").status
            }
            #expect(status == .ok)
            _ = services
        }
    }

    @Test func unknownEmailsCostABcryptVerification() async throws {
        try await TestEnvironment.withApp(configure: { $0.bcryptCost = 10 }) { client, _ in
            _ = try await client.register("known@example.org")
            func median(_ email: String) async throws -> Double {
                var times: [Double] = []
                for index in 0..<3 {
                    let start = ContinuousClock.now
                    _ = try await Self.login(client, email, "wrong-password", ip: "10.1.\(index).\(email.count)")
                    let elapsed = ContinuousClock.now - start
                    times.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
                }
                return times.sorted()[1]
            }
            let known = try await median("known@example.org")
            let unknown = try await median("nobody@example.org")
            // Without the dummy verification the unknown email answers ~100× faster.
            #expect(unknown > known / 3, "unknown \(unknown) s vs known \(known) s")
        }
    }

    @Test func passwordsOver72BytesAreRefused() async throws {
        try await TestEnvironment.withApp { client, _ in
            let long = String(repeating: "é", count: 37) // 74 bytes, 37 characters
            let response = try await client.send(.post, "/api/v1/auth/register",
                                                 json: #"{"email":"long@example.org","password":"\#(long)","displayName":"L"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.errorCode == "password_too_long")
            let fits = String(repeating: "a", count: 72)
            let ok = try await client.send(.post, "/api/v1/auth/register", json: #"{"email":"fit@example.org","password":"\#(fits)","displayName":"L"}"#)
            #expect(ok.status == .created)
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() async throws {
        try await TestEnvironment.withApp { client, services in
            let registered = try await client.send(.post, "/api/v1/auth/register",
                                                   json: #"{"email":"r@example.org","password":"correct horse battery","displayName":"R"}"#)
            let first = try #require(registered.json["refreshToken"] as? String)
            #expect(registered.json["expiresIn"] as? Int == 900)
            let rotated = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(first)"}"#)
            #expect(rotated.status == .ok, "\(rotated.text)")
            let second = try #require(rotated.json["refreshToken"] as? String)
            #expect(second != first)
            let access = try #require(rotated.json["token"] as? String)
            #expect(try await client.send(.get, "/api/v1/me", token: access).status == .ok)
            // The spent token shows up again: someone copied it. The whole family goes.
            let reuse = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(first)"}"#)
            #expect(reuse.status == .unauthorized)
            #expect(reuse.errorCode == "refresh_token_reused")
            let afterReuse = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(second)"}"#)
            #expect(afterReuse.status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"made-up"}"#).errorCode == "invalid_refresh_token")
            // Stored hashed: the token itself is nowhere in the table.
            let rows = try await services.database.sql.raw("SELECT token_hash FROM refresh_tokens").all()
            #expect(try rows.allSatisfy { try $0.decode(column: "token_hash", as: String.self) != first })
        }
    }

    @Test func logoutRevokesAndDemotionAppliesAtRefresh() async throws {
        try await TestEnvironment.withApp { client, services in
            let admin = try await client.admin(services)
            let login = try await Self.login(client, "admin@example.org", "correct horse battery")
            let refresh = try #require(login.json["refreshToken"] as? String)
            try await services.users.setRole(id: admin.userId, role: "learner")
            let refreshed = try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(refresh)"}"#)
            #expect((refreshed.json["user"] as? [String: Any])?["role"] as? String == "learner")
            let demoted = try #require(refreshed.json["token"] as? String)
            #expect(try await client.send(.get, "/api/v1/admin/models", token: demoted).status == .forbidden)
            let next = try #require(refreshed.json["refreshToken"] as? String)
            #expect(try await client.send(.post, "/api/v1/auth/logout", token: demoted).status == .noContent)
            #expect(try await client.send(.post, "/api/v1/auth/refresh", json: #"{"refreshToken":"\#(next)"}"#).status == .unauthorized)
            #expect(try await client.send(.post, "/api/v1/auth/logout").status == .unauthorized)
        }
    }

    @Test func accessTokensAreShortAndNotBeforeIsEnforced() async throws {
        try await TestEnvironment.withApp { client, services in
            let session = try await client.register("n@example.org")
            let future = try await services.auth.issueToken(userId: session.userId, role: .learner, now: Date().addingTimeInterval(3600))
            #expect(try await client.send(.get, "/api/v1/me", token: future).status == .unauthorized, "a token not valid before an hour from now")
            let stale = try await services.auth.issueToken(userId: session.userId, role: .learner, now: Date().addingTimeInterval(-16 * 60))
            #expect(try await client.send(.get, "/api/v1/me", token: stale).status == .unauthorized, "15-minute access tokens")
        }
    }

    @Test func previousSecretStillVerifiesDuringRotation() async throws {
        let old = "the-secret-before-rotation-32-bytes-long"
        try await TestEnvironment.withApp(configure: { $0.jwtPreviousSecret = old }) { client, services in
            let session = try await client.register("rot@example.org")
            let before = await AuthService(secret: old, bcryptCost: 4, tokenLifetime: 600)
            let signedBefore = try await before.issueToken(userId: session.userId, role: .learner)
            #expect(try await client.send(.get, "/api/v1/me", token: signedBefore).status == .ok)
            let stranger = await AuthService(secret: "a-third-secret-nobody-configured-32-bytes", bcryptCost: 4, tokenLifetime: 600)
            #expect(try await client.send(.get, "/api/v1/me", token: try await stranger.issueToken(userId: session.userId, role: .admin)).status == .unauthorized)
            _ = services
        }
        let environment = ["WAVE3_JWT_SECRET": String(repeating: "n", count: 32), "WAVE3_JWT_PREVIOUS_SECRET": old]
        #expect(try AppConfiguration.fromEnvironment(environment).jwtPreviousSecret == old)
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(["WAVE3_JWT_PREVIOUS_SECRET": "short"]) }
    }
}
