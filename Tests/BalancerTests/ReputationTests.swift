import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct ReputationTests {
        let second: Int64 = 1_000_000_000

        @Test func startsNeutralAndViolationsLowerTheLimit() {
            var s = ReputationScore(updatedAt: 1)
            #expect(s.score == 50 && s.limitMultiplier == 1)
            for _ in 0..<20 { s.apply(.rateLimited, now: 2) }
            #expect(s.score == 30)
            #expect(s.limitMultiplier < 1)
            s.apply(.anomaly, now: 3)
            #expect(s.score == 15)
            for _ in 0..<1000 { s.apply(.anomaly, now: 4) }
            #expect(s.score == 0 && s.limitMultiplier == 0.25)
        }

        @Test func rateLimitRejectionsCostOncePerSecondAndSmallDeviationsKeepTheLimit() {
            let book = ReputationBook()
            for i in 0..<500 { book.record(.rateLimited, client: "c", now: second + Int64(i) * 1_000_000) }
            #expect(book.score(for: "c", now: second).violations == 1)
            for s in 2...6 { book.record(.rateLimited, client: "c", now: Int64(s) * second) }
            let after = book.score(for: "c", now: 6 * second)
            #expect(after.violations == 6)
            #expect(abs(after.score - 44) < 0.1)
            #expect(after.limitMultiplier == 1)
            #expect(ReputationScore(score: 39).limitMultiplier < 1)
            #expect(ReputationScore(score: 61).limitMultiplier > 1)
            #expect(ReputationScore(score: 100).limitMultiplier == 1.5)
        }

        @Test func failedWritesAreRequeuedAheadOfNewEvents() {
            let book = ReputationBook()
            book.record(.clientError, client: "a", now: second)
            let batch = book.drainPending()
            book.record(.clientError, client: "b", now: 2 * second)
            book.requeue(batch)
            #expect(book.drainPending().map(\.client) == ["a", "b"])
        }

        @Test func decaysTowardsNeutral() {
            var s = ReputationScore(score: 10, updatedAt: second)
            s.decay(now: second + 600 * second, halfLifeNanos: 600 * second)
            #expect(abs(s.score - 30) < 1e-9)
            var high = ReputationScore(score: 90, updatedAt: second)
            high.decay(now: second + 6000 * second, halfLifeNanos: 600 * second)
            #expect(abs(high.score - 50) < 0.1)
        }

        @Test func cleanTrafficRaisesButUnknownClientsCostNothing() {
            let book = ReputationBook()
            book.record(.clean, client: "new", now: second)
            #expect(book.snapshot(now: second).isEmpty)
            book.record(.rateLimited, client: "c", now: second)
            for _ in 0..<100 { book.record(.clean, client: "c", now: second) }
            #expect(book.score(for: "c", now: second).score > 50)
            #expect(book.drainPending().count == 1)
        }
    }
}
