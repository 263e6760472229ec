import Foundation
import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct LearningPolicyTests {
        func replicas(_ n: Int) -> [ReplicaState] {
            (0..<n).map { ReplicaState(upstream: Upstream(host: "127.0.0.1", port: 9100 + $0), index: $0) }
        }

        /// Feeds `policy` a world where replica i answers in `ms[i]` × (RIF + 1) and returns the
        /// share of the last half of the decisions each replica got.
        func drive(_ policy: any RoutingPolicy, ms: [Double], steps: Int = 4000) -> [Double] {
            let r = replicas(ms.count)
            var counts = Array(repeating: 0, count: ms.count)
            var now: Int64 = 1_000_000_000
            for step in 0..<steps {
                now += 1_000_000
                var ctx = RequestContext(now: now)
                ctx.decisionId = UInt64(step)
                let i = policy.choose(replicas: r, eligible: Array(r.indices), context: ctx)
                let f = r[i].features
                let latency = Int64(ms[i] * 1e6 * Double(f.inflight + 1))
                r[i].ewma.observe(rttNanos: Double(latency), now: now + latency)
                policy.record(RoutingOutcome(replica: i, latencyNanos: latency, status: 200, features: f, context: ctx))
                if step >= steps / 2 { counts[i] += 1 }
            }
            return counts.map { Double($0) / Double(steps - steps / 2) }
        }

        @Test func linUCBPrefersTheFastReplica() {
            let share = drive(LinUCBPolicy(seed: 3), ms: [20, 2, 10])
            #expect(share[1] > 0.9)
        }

        @Test func linUCBFallsBackToP2CUntilWarm() {
            let p = LinUCBPolicy(seed: 1)
            _ = drive(p, ms: [5, 5], steps: 10)
            #expect(p.guardrail.fallbacks == 10)
            _ = drive(p, ms: [5, 5], steps: 100)
            #expect(p.guardrail.fallbacks < 110)
        }

        @Test func linearQLearnsToAvoidTheSlowReplica() {
            let share = drive(LinearQPolicy(seed: 5), ms: [30, 2])
            #expect(share[1] > 0.8)
        }

        @Test func linearQNeverPrefersTheMoreLoadedReplica() throws {
            // Weights as the free NLMS fit left them in `failure` (load lanes gone negative):
            // more in flight would look cheaper, and a loaded replica's queue feeds itself.
            let p = LinearQPolicy(seed: 2)
            let model = PolicyModel(policy: "linear_q", parameters: ["epsilon": 0],
                                    weights: [3.5, -1.5, -1.6, 0.5, 5.8, 19.2, 201.6, -0.5])
            try p.load(model)
            #expect((1..<8).allSatisfy { p.weights[$0] >= 0 })
            let r = replicas(2)
            r[0].inflight = 40
            for step in 0..<200 {
                var ctx = RequestContext(now: 1_000_000_000 + Int64(step) * 1_000_000)
                ctx.decisionId = UInt64(step)
                #expect(p.choose(replicas: r, eligible: [0, 1], context: ctx) == 1)
                // A legitimate sequence: the idle replica answers fast, the loaded one slowly.
                p.record(RoutingOutcome(replica: 1, latencyNanos: 2_000_000, status: 200, features: r[1].features, context: ctx))
            }
            #expect((1..<8).allSatisfy { p.weights[$0] >= 0 })
        }

        @Test func ppoGreedyRanksByLatency() {
            let share = drive(PPOPolicy(seed: 9), ms: [30, 2, 30])
            #expect(share[1] > 0.8)
        }

        @Test func prequalAvoidsHotAndSlowReplicas() {
            let r = replicas(3), p = PrequalPolicy(seed: 1)
            r[0].inflight = 9; r[1].inflight = 1; r[2].inflight = 1
            for (i, ms) in [(1, 50.0), (2, 2.0)] {
                p.record(RoutingOutcome(replica: i, latencyNanos: Int64(ms * 1e6), status: 200,
                                        features: ReplicaFeatures(inflight: 1, latencyEstimateNanos: 0, errorRate: 0, breakerOpen: false), context: RequestContext(now: 1)))
            }
            #expect(p.choose(replicas: r, eligible: [0, 1, 2], context: RequestContext(now: 2)) == 2)
        }

        @Test func modelRoundTripsAndRejectsForeignFiles() throws {
            let p = LinUCBPolicy(seed: 1)
            p.parameters.alpha = 0.3
            let data = p.exportModel().encoded()
            let q = LinUCBPolicy(seed: 2)
            try q.load(try PolicyModel.decode(data))
            #expect(q.parameters.alpha == 0.3)
            #expect(throws: PolicyModel.LoadError.self) { try LinearQPolicy().load(try PolicyModel.decode(data)) }
            #expect(throws: PolicyModel.LoadError.self) { try PolicyModel.decode(Data("{\"x\":1}".utf8)) }
            var bad = p.exportModel()
            bad.parameters["tauSeconds"] = -1
            #expect(throws: PolicyModel.LoadError.self) { try LinUCBPolicy().load(bad) }
        }
    }
}
