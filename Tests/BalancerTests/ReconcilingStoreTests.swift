import Testing
@testable import Balancer

extension AllBalancerTests {
    /// The reconciling store's bookkeeping without Redis: what a sync sends and how its answer lands.
    @Suite struct ReconcilingStoreTests {
        let ms: Int64 = 1_000_000

        @Test func aBatchCarriesWhatWasAdmittedAndClearsIt() {
            let store = ReconcilingRateLimitStore(stripeCount: 4)
            let limit = GCRALimit(ratePerSecond: 100, burst: 5)  // 10 ms per request
            let now = 1_000 * ms
            for _ in 0..<7 { _ = store.check(key: "a", now: now, limit: limit) }  // 5 admitted, 2 refused
            _ = store.check(key: "b", now: now, limit: limit)
            let batch = store.takeBatch().sorted { $0.key < $1.key }
            #expect(batch == [.init(key: "a", micros: 50_000), .init(key: "b", micros: 10_000)])
            #expect(store.takeBatch().isEmpty, "nothing checked since")
            _ = store.check(key: "a", now: now, limit: limit)
            #expect(store.takeBatch() == [.init(key: "a", micros: 0)], "a refused client is still refreshed")
        }

        @Test func theSharedAnswerMovesTheLocalArrivalTime() {
            let store = ReconcilingRateLimitStore(stripeCount: 4)
            let limit = GCRALimit(ratePerSecond: 100, burst: 5)
            let now = 1_000 * ms
            #expect(store.check(key: "a", now: now, limit: limit).isAllowed)
            _ = store.takeBatch()
            // Another replica used the rest of the burst: the shared time runs 50 ms ahead.
            store.apply(key: "a", aheadMicros: 50_000, now: now)
            #expect(!store.check(key: "a", now: now, limit: limit).isAllowed)
            #expect(store.check(key: "a", now: now + 10 * ms, limit: limit).isAllowed)
            // Admitted after the batch was taken: on top of the next answer, not lost.
            _ = store.takeBatch()
            #expect(store.check(key: "a", now: now + 20 * ms, limit: limit).isAllowed)
            store.apply(key: "a", aheadMicros: 0, now: now + 20 * ms)
            let next = store.takeBatch()
            #expect(next == [.init(key: "a", micros: 10_000)])
        }

        @Test func aBatchThatNeverArrivesLeavesNoDebt() {
            let store = ReconcilingRateLimitStore(stripeCount: 1)
            let limit = GCRALimit(ratePerSecond: 10, burst: 2)
            let now = 1_000 * ms
            #expect(store.check(key: "a", now: now, limit: limit).isAllowed)
            _ = store.takeBatch()  // lost with Redis
            #expect(store.check(key: "a", now: now + 100 * ms, limit: limit).isAllowed)
            #expect(store.takeBatch() == [.init(key: "a", micros: 100_000)], "only what came after")
            store.evict(olderThan: Int64.max)
            #expect(store.count == 0)
        }
    }
}
