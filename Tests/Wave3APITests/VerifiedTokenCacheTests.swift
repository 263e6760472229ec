import Foundation
import Testing
@testable import Wave3API

/// Verified access tokens are remembered by their exact text until they expire, never longer.
@Suite struct VerifiedTokenCacheTests {
    @Test func aHitNeedsTheSameTextAndAnUnexpiredToken() {
        let cache = VerifiedTokenCache(capacity: 2)
        let start = Date()
        let ada = Identity(userId: "ada", role: .learner)
        cache.store(ada, for: "token-a", expires: start.addingTimeInterval(10))
        #expect(cache.identity(for: "token-a", now: start.addingTimeInterval(5)) == ada)
        #expect(cache.identity(for: "token-a ", now: start) == nil)
        #expect(cache.identity(for: "token-a", now: start.addingTimeInterval(10)) == nil)
        #expect(cache.count == 0)  // the expired entry is dropped when seen
    }

    @Test func theCacheIsBounded() {
        let cache = VerifiedTokenCache(capacity: 2)
        let later = Date().addingTimeInterval(60)
        for index in 0..<5 { cache.store(Identity(userId: "\(index)", role: .learner), for: "t\(index)", expires: later) }
        #expect(cache.count <= 2)
    }

    @Test func theServiceStillRefusesForgedAndExpiredTokensAfterCaching() async throws {
        let auth = await AuthService(secret: "a-test-secret-that-is-long-enough-for-hs256", bcryptCost: 4, tokenLifetime: 600)
        let token = try await auth.issueToken(userId: "ada", role: .learner)
        let first = await auth.identity(fromToken: token)
        let second = await auth.identity(fromToken: token)
        #expect(first?.userId == "ada" && first == second)
        // Another signature over the same header and payload is not the cached text.
        let forged = token.dropLast(2) + (token.hasSuffix("AA") ? "BB" : "AA")
        #expect(await auth.identity(fromToken: String(forged)) == nil)
        let expired = try await auth.issueToken(userId: "ada", role: .learner, now: Date().addingTimeInterval(-3600))
        #expect(await auth.identity(fromToken: expired) == nil)
    }
}
