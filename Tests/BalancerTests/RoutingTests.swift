import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct RoutingTests {
        func replicas(_ n: Int) -> [ReplicaState] {
            (0..<n).map { ReplicaState(upstream: Upstream(host: "127.0.0.1", port: 9000 + $0), index: $0) }
        }
        let ctx = RequestContext(now: 1)

        @Test func roundRobinCycles() {
            let r = replicas(3), p = RoundRobinPolicy()
            let picks = (0..<6).map { _ in p.choose(replicas: r, eligible: [0, 1, 2], context: ctx) }
            #expect(Set(picks) == [0, 1, 2])
            #expect(picks[0] == picks[3])
        }

        @Test func leastConnectionsPicksTheIdlest() {
            let r = replicas(3)
            r[0].inflight = 5; r[1].inflight = 1; r[2].inflight = 3
            #expect(LeastConnectionsPolicy().choose(replicas: r, eligible: [0, 1, 2], context: ctx) == 1)
            #expect(LeastConnectionsPolicy().choose(replicas: r, eligible: [0, 2], context: ctx) == 2)
        }

        @Test func p2cAvoidsTheSlowReplica() {
            let r = replicas(2), p = P2CPeakEWMAPolicy()
            r[0].ewma.observe(rttNanos: 50_000_000, now: 1)
            r[1].ewma.observe(rttNanos: 1_000_000, now: 1)
            let picks = (0..<100).map { _ in p.choose(replicas: r, eligible: [0, 1], context: ctx) }
            #expect(picks.allSatisfy { $0 == 1 })
        }

        @Test func peakEWMAStartsAtDefaultJumpsToPeaksAndDecays() {
            var e = PeakEWMA()
            #expect(e.estimateNanos == 30_000_000)
            e.observe(rttNanos: 1_000_000, now: 1_000_000_000)
            #expect(e.estimateNanos == 1_000_000)
            e.observe(rttNanos: 9_000_000, now: 2_000_000_000)
            #expect(e.estimateNanos == 9_000_000)
            e.observe(rttNanos: 1_000_000, now: 12_000_000_000)
            #expect(abs(e.estimateNanos - (9_000_000 * 0.36788 + 1_000_000 * 0.63212)) < 10_000)
            #expect(e.cost(inflight: 2) == e.estimateNanos * 3)
            // Read later without new samples, the estimate has decayed towards zero (tower's reading).
            #expect(abs(e.cost(inflight: 0, now: 22_000_000_000) - e.estimateNanos * 0.36788) < 10_000)
        }

        @Test func breakerOpensHalfOpensAndCloses() {
            var b = CircuitBreaker(failureThreshold: 3, openNanos: 100)
            for _ in 0..<3 { b.recordFailure(now: 10) }
            #expect(b.state == .open && !b.isAvailable(now: 50))
            let probe = b.allowsRequest(now: 110)
            #expect(probe && b.state == .halfOpen)
            let second = b.allowsRequest(now: 111)
            #expect(!second)
            b.recordFailure(now: 120)
            #expect(b.state == .open)
            let again = b.allowsRequest(now: 300)
            #expect(again)
            b.recordSuccess()
            #expect(b.state == .closed)
        }

        @Test func retryBudgetCapsRetries() {
            var budget = RetryBudget(ratio: 0.2, minPerSecond: 0)
            for _ in 0..<100 { budget.deposit() }
            var granted = 0
            for _ in 0..<100 where budget.tryWithdraw(now: 1) { granted += 1 }
            #expect(granted == 20)
        }

        @Test func backoffIsJitteredAndCapped() {
            var rng = SplitMix64(seed: 7)
            let b = Backoff(baseNanos: 1_000, capNanos: 10_000)
            let delays = (0..<200).map { _ in b.delay(attempt: 10, using: &rng) }
            #expect(delays.allSatisfy { $0 <= 10_000 })
            #expect(Set(delays).count > 100)
        }

        @Test func rendezvousAffinityOnlyMovesSessionsOfTheLostReplica() {
            let r = replicas(3)
            let keys = (0..<300).map { "session-\($0)" }
            let before = keys.map { SessionAffinity.rendezvous(key: Substring($0), replicas: r, eligible: [0, 1, 2]) }
            let after = keys.map { SessionAffinity.rendezvous(key: Substring($0), replicas: r, eligible: [0, 2]) }
            for (b, a) in zip(before, after) where b != 1 { #expect(a == b) }
            #expect(Set(before).count == 3)
        }

        @Test func featureFlagRolloutIsStableAndProportional() {
            let flag = FeatureFlag(enabled: true, rolloutPercent: 30)
            let on = (0..<10_000).filter { flag.isOn(forClient: "client-\($0)") }.count
            #expect(abs(on - 3000) < 300)
            #expect(flag.isOn(forClient: "client-1") == flag.isOn(forClient: "client-1"))
            #expect(!FeatureFlag(enabled: false).isOn(forClient: "x"))
        }

        @Test func decisionEngineGivesVIPsTwiceTheRateAndNeverRoutesToUnhealthy() {
            let engine = DecisionEngine(limiter: LocalRateLimitStore(), reputation: ReputationBook(), policy: RoundRobinPolicy(),
                                        settings: .init(baseLimit: .init(ratePerSecond: 10, burst: 1)))
            engine.setUpstreams([Upstream(host: "a", port: 1), Upstream(host: "b", port: 2)])
            engine.setHealth(false, upstream: Upstream(host: "a", port: 1))
            engine.vips = ["vip": VIPEntry(tier: .vip, multiplier: 2)]
            var normal = 0, vip = 0
            for i in 0..<3000 {
                let now = Int64(i) * 1_000_000
                if case .route(let r, _, _) = engine.decide(client: "std", context: .init(now: now)) { normal += 1; #expect(r == 1) }
                if case .route(_, let prio, _) = engine.decide(client: "vip", context: .init(now: now)) { vip += 1; #expect(prio == .vip) }
            }
            #expect(abs(normal - 30) <= 2)
            #expect(abs(vip - 60) <= 3)
        }

        /// Stands in for a learning policy: answers whatever it is told and keeps every outcome.
        final class ScriptedPolicy: RoutingPolicy {
            let name = "scripted"
            var answer: Int
            var seen: [[Int]] = []
            var outcomes: [RoutingOutcome] = []
            init(answer: Int) { self.answer = answer }
            func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
                seen.append(eligible)
                return answer
            }
            func record(_ outcome: RoutingOutcome) { outcomes.append(outcome) }
        }

        @Test func aPolicyOnlySeesEligibleReplicasCannotEscapeThemAndHearsEveryOutcome() {
            let policy = ScriptedPolicy(answer: 0)
            let engine = DecisionEngine(limiter: LocalRateLimitStore(), reputation: ReputationBook(), policy: policy)
            let a = Upstream(host: "a", port: 1), b = Upstream(host: "b", port: 2), c = Upstream(host: "c", port: 3)
            engine.setUpstreams([a, b, c])
            engine.setHealth(false, upstream: a)
            engine.eject(replica: 2, now: 1)
            for i in 1...10 {
                var context = RequestContext(method: "GET", path: "/x", client: "c", now: Int64(i) * 1_000)
                context.decisionId = UInt64(i)
                guard case .route(let r, _, _) = engine.decide(client: "c", context: context) else {
                    Issue.record("request \(i) was not routed"); continue
                }
                #expect(r == 1)
                let features = engine.started(replica: r)
                engine.finished(replica: r, status: i == 10 ? 503 : 200, latencyNanos: Int64(i) * 1_000_000, features: features, context: context, now: context.now + 1)
            }
            #expect(policy.seen.allSatisfy { $0 == [1] })
            #expect(policy.outcomes.map(\.context.decisionId) == Array(1...10).map(UInt64.init))
            #expect(policy.outcomes.allSatisfy { $0.replica == 1 && $0.features.inflight == 0 })
            #expect(policy.outcomes.last?.isFailure == true && policy.outcomes.last?.latencyNanos == 10_000_000)
            #expect(policy.outcomes[4].features.latencyEstimateNanos == 4_000_000)
        }

        @Test func priorityAdmissionReservesCapacityForVIP() {
            let a = PriorityAdmission(capacityPerReplica: 100, reservedForVIP: 0.2, reservedForPremium: 0.1)
            #expect(!a.admits(.standard, inflight: 70, capacity: 100))
            #expect(a.admits(.premium, inflight: 70, capacity: 100))
            #expect(!a.admits(.premium, inflight: 80, capacity: 100))
            #expect(a.admits(.vip, inflight: 99, capacity: 100))
        }
    }
}
