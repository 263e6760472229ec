import Foundation
import Testing
@testable import Balancer

/// Per-client state stays bounded: idle entries expire on the housekeeping timer, a cap holds
/// under churn, and both are visible in /stats and /metrics.
extension AllBalancerTests {
    @Suite(.serialized) struct TrackedStateTests {
        let second: Int64 = 1_000_000_000

        @Test func limiterHoldsItsCapUnderChurnAndKeepsLimitingTheActiveClient() {
            let store = LocalRateLimitStore(stripeCount: 4, maxEntries: 400)
            let limit = GCRALimit(ratePerSecond: 1, burst: 2)
            let now = 1_000 * second
            #expect(store.check(key: "hot", now: now, limit: limit).isAllowed)
            #expect(store.check(key: "hot", now: now, limit: limit).isAllowed)
            for i in 0..<100_000 { _ = store.check(key: "ip:\(i)", now: now + Int64(i), limit: limit) }
            #expect(store.count <= 400)
            #expect(store.evictions >= 100_000 - 400)
            // Entries nearest to expiry go first: the spent client is still limited.
            #expect(!store.check(key: "hot", now: now + 100_000, limit: limit).isAllowed)
        }

        @Test func evictingExpiredLimiterEntriesChangesNoDecision() {
            var rng = SplitMix64(seed: 3)
            let limit = GCRALimit(ratePerSecond: 5, burst: 3)
            let kept = LocalRateLimitStore(stripeCount: 1), evicted = LocalRateLimitStore(stripeCount: 1)
            var now = second
            for _ in 0..<20_000 {
                now += Int64(rng.next() % UInt64(second / 2))
                let key = "c\(rng.next() % 50)"
                if rng.next() % 10 == 0 { evicted.evict(olderThan: now) }
                #expect(kept.check(key: key, now: now, limit: limit) == evicted.check(key: key, now: now, limit: limit))
            }
            evicted.evict(olderThan: now + 10 * second)
            #expect(evicted.count == 0)
        }

        @Test func reputationHoldsItsCapAndKeepsTheOffenders() {
            var config = ReputationBook.Config()
            config.maxEntries = 200
            let book = ReputationBook(config: config, stripeCount: 2)
            let now = 1_000 * second
            book.record(.anomaly, client: "offender", now: now, weight: 3)
            for i in 0..<10_000 { book.record(.clientError, client: "ip:\(i)", now: now) }
            #expect(book.count <= 200)
            #expect(book.evictions >= 10_000 - 200)
            #expect(book.score(for: "offender", now: now).score == 5)
            // Idle entries decay to neutral and are then forgotten by compact.
            book.compact(now: now + 3600 * 24 * second)
            #expect(book.count == 0)
        }

        @Test func idleClientsExpireOnTheTimerAndTheCountsAreExported() async throws {
            try await withBalancer({
                $0.trustForwardedFor = true
                $0.housekeepingInterval = .milliseconds(100)
                $0.flags.anomalyDetection.enabled = false
            }) { f in
                // 300 clients (as a trusted front proxy names them), each with a 403 on record.
                for i in 0..<300 {
                    _ = try RawHTTP.get(f.port, "/status/403", headers: ["X-Forwarded-For": "10.0.\(i / 256).\(i % 256)"])
                }
                let before = f.server.trackedClients()
                #expect((before.limiter ?? 0) + before.reputation > 0)
                // The limiter entries expire within one emission interval; wait for the timer.
                let deadline = Date().addingTimeInterval(10)
                while (f.server.trackedClients().limiter ?? -1) > 0, Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
                let after = f.server.trackedClients()
                #expect(after.limiter == 0)
                #expect((after.limiterEvictions ?? 0) >= 300)
                let stats = try #require(try RawHTTP.get(f.admin, "/stats")).body
                #expect(stats.contains(#""trackedClients":{"#) && stats.contains(#""capacity":200000"#))
                let metrics = try #require(try RawHTTP.get(f.admin, "/metrics")).body
                #expect(metrics.contains(#"balancer_tracked_clients{table="limiter"} 0"#))
                #expect(metrics.contains(#"balancer_tracked_client_evictions{table="limiter"}"#))
                #expect(metrics.contains("balancer_tracked_clients_capacity 200000"))
            }
        }
    }
}
