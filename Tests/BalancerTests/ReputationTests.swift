import Testing
@testable import Balancer

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
