import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct LimiterTests {
        let second: Int64 = 1_000_000_000

        @Test func gcraAllowsBurstThenLimitsWithRetryAfter() {
            let limit = GCRALimit(ratePerSecond: 10, burst: 5)
            var tat: Int64 = 0
            let now: Int64 = 1_000 * second
            for _ in 0..<5 { #expect(GCRA.decide(tat: &tat, now: now, limit: limit).isAllowed) }
            guard case .limited(let wait) = GCRA.decide(tat: &tat, now: now, limit: limit) else {
                Issue.record("sixth request in the same instant should be limited"); return
            }
            #expect(wait > 0 && wait <= second / 10)
            #expect(GCRA.decide(tat: &tat, now: now + wait, limit: limit).isAllowed)
        }

        @Test func gcraAcceptsTheSustainedRateUnderThreefoldLoad() {
            let limit = GCRALimit(ratePerSecond: 100, burst: 10)
            var tat: Int64 = 0
            var accepted = 0
            for i in 0..<3000 {
                if GCRA.decide(tat: &tat, now: Int64(i) * second / 300, limit: limit).isAllowed { accepted += 1 }
            }
            #expect(abs(Double(accepted) - 1000) <= 1000 * 0.05 + 10)
        }

        @Test func scaledLimitDoublesTheRate() {
            let base = GCRALimit(ratePerSecond: 50, burst: 10)
            let vip = base.scaled(by: 2)
            #expect(vip.emissionInterval == base.emissionInterval / 2)
            #expect(vip.burst == 20)
            let punished = base.scaled(by: 0.25)
            #expect(punished.emissionInterval == base.emissionInterval * 4)
            #expect(punished.burst == 2.5)
            #expect(base.scaled(by: 0.01).burst == 1)
        }

        @Test func localStoreKeepsClientsApart() {
            let store = LocalRateLimitStore()
            let limit = GCRALimit(ratePerSecond: 1, burst: 1)
            #expect(store.check(key: "a", now: second, limit: limit).isAllowed)
            #expect(!store.check(key: "a", now: second, limit: limit).isAllowed)
            #expect(store.check(key: "b", now: second, limit: limit).isAllowed)
            store.evict(olderThan: Int64.max)
            #expect(store.count == 0)
        }

        @Test func jwtSubjectOnlyWhenSignatureVerifies() {
            let id = ClientIdentifier(jwtSecret: "s3cret")
            let good = ClientIdentifier.signHS256(claims: ["sub": "42", "exp": 4_102_444_800], secret: "s3cret")
            let forged = ClientIdentifier.signHS256(claims: ["sub": "42"], secret: "other")
            let expired = ClientIdentifier.signHS256(claims: ["sub": "42", "exp": 1000], secret: "s3cret")
            #expect(id.clientKey(authorization: "Bearer " + good, apiKey: nil, peer: "1.2.3.4") == "user:42")
            #expect(id.clientKey(authorization: "Bearer " + good, apiKey: nil, peer: "1.2.3.4") == "user:42")
            // Neither a forged token nor a key the balancer never issued is an identity.
            #expect(id.clientKey(authorization: "Bearer " + forged, apiKey: "k1", peer: "1.2.3.4") == "ip:1.2.3.4")
            #expect(id.clientKey(authorization: "Bearer " + expired, apiKey: nil, peer: "1.2.3.4") == "ip:1.2.3.4")
            #expect(ClientIdentifier(jwtSecret: nil).clientKey(authorization: "Bearer " + good, apiKey: nil, peer: "9.9.9.9") == "ip:9.9.9.9")
        }
    }
}
