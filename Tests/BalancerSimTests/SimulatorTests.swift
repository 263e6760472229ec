import Testing
import Balancer
@testable import BalancerSim

@Suite struct SimulatorTests {
    @Test func sameSeedSameResult() {
        let s = ScenarioSuite.named("heterogeneous", requests: 5000)!
        let a = Simulator(scenario: s, seed: 7).run(policy: PolicyKind.p2cPeakEWMA.make(seed: 7))
        let b = Simulator(scenario: s, seed: 7).run(policy: PolicyKind.p2cPeakEWMA.make(seed: 7))
        #expect(a == b)
        #expect(a.requests == 5000)
    }
}

@Suite struct ScenarioModelTests {
    @Test func heterogeneousSpeedsShowInLatency() {
        // Least connections sends equal queues to every replica, so the slow one's latency shows.
        var s = ScenarioSuite.named("heterogeneous", requests: 20_000)!
        s.arrivals = .poisson(rate: 300)
        let r = Simulator(scenario: s, seed: 3).run(policy: PolicyKind.roundRobin.make(seed: 3))
        #expect(r.errors == 0)
        #expect(abs(r.traffic[0] - 1.0 / 3) < 0.01)
        #expect(r.p99 > r.p50 * 2)
    }

    @Test func failureScenarioRefusesAndRecovers() {
        let s = Scenario(name: "t", summary: "", replicas: [ReplicaSpec(), ReplicaSpec()], perturbations: [.down(replica: 0, from: 1, to: 2)],
                         arrivals: .poisson(rate: 400), requests: 2000)
        let r = Simulator(scenario: s, seed: 5).run(policy: PolicyKind.roundRobin.make(seed: 5))
        // Refused connections are retried elsewhere (as the proxy does), so few reach the client.
        #expect(r.errors < 50)
        #expect(r.successRate > 0.97)
        #expect(r.traffic[0] > 0.3)
    }

    @Test func requestsLostInADeathAreRetriedElsewhere() {
        // Slow requests, so several are in service on replica 0 when it dies at 1 s.
        let spec = ReplicaSpec(workers: 8, meanServiceMs: 50, sigma: 0.1)
        let s = Scenario(name: "t", summary: "", replicas: [spec, spec], perturbations: [.down(replica: 0, from: 1, to: 2)],
                         arrivals: .poisson(rate: 100), requests: 300)
        let r = Simulator(scenario: s, seed: 4).run(policy: PolicyKind.roundRobin.make(seed: 4))
        // The live proxy retries an idempotent request reset before any response byte.
        #expect(r.retried >= 2)
        #expect(r.errors == 0)
        #expect(r.successRate == 1)
    }

    @Test func linearQSurvivesAReplicaDeath() {
        // Seeds 2-6 sent 80 % of the traffic to one replica after the death (p50 over a minute)
        // while linear_q's load weights could go negative; P2C's p99 here is about 35 ms.
        let s = ScenarioSuite.named("failure", requests: 200_000)!
        let r = Simulator(scenario: s, seed: 2).run(policy: PolicyKind.linearQ.make(seed: 2))
        #expect(r.errors == 0)
        #expect(r.p99 < 100)
        #expect(r.traffic.allSatisfy { $0 < 0.4 })
    }

    @Test func timeoutsAreCountedAtTheClientTimeout() {
        let s = Scenario(name: "t", summary: "", replicas: [ReplicaSpec()], perturbations: [.fixedLatency(replica: 0, from: 0, to: 100, ms: 2000)],
                         arrivals: .poisson(rate: 10), requests: 50, timeoutMs: 1000)
        let r = Simulator(scenario: s, seed: 1).run(policy: PolicyKind.roundRobin.make(seed: 1))
        // Timeouts are failures: after five in a row the breaker opens and the rest find no replica.
        #expect(r.timeouts >= 5)
        #expect(r.timeouts + r.errors == 50)
        #expect(abs(r.p99 - 1000) < 1)
        #expect(r.successRate == 0)
    }

    @Test func stallsDelayRequestsInService() {
        let s = Scenario(name: "t", summary: "", replicas: [ReplicaSpec(workers: 1, meanServiceMs: 1, sigma: 0.01)],
                         perturbations: [.stall(replica: 0, periodMs: 1000, pauseMs: 500, offsetMs: 0)],
                         arrivals: .poisson(rate: 20), requests: 400)
        let r = Simulator(scenario: s, seed: 2).run(policy: PolicyKind.roundRobin.make(seed: 2))
        // About half the arrivals land in a pause and wait for its end (250 ms on average).
        #expect(r.p50 > 1 && r.p95 > 300)
    }

    @Test func arrivalRatesFollowTheProcess() {
        var g = ArrivalGenerator(.flashCrowd(rate: 100, peak: 1000, start: 10, rampEnd: 11, end: 20), seed: 9)
        var before = 0, during = 0
        while true {
            let t = Double(g.next()) / 1e9
            if t >= 20 { break }
            if t < 10 { before += 1 } else if t >= 11 { during += 1 }
        }
        #expect(abs(Double(before) / 10 - 100) < 15)
        #expect(abs(Double(during) / 9 - 1000) < 60)
    }

    @Test func chartAndJSONCarryEveryRun() throws {
        let s = ScenarioSuite.named("homogeneous", requests: 3000)!
        var runner = SimulationSuiteRunner(scenarios: [s], policies: [.p2cPeakEWMA, .linUCB], seed: 1)
        runner.showProgress = false
        let results = try runner.run()
        #expect(results.map(\.policy) == ["p2c_peak_ewma", "linucb"])
        let svg = LatencyChart.svg(results)
        #expect(svg.hasPrefix("<svg") && svg.contains("linucb") && svg.components(separatedBy: "<polyline").count == 3)
        #expect(SimulationSuiteRunner.json(results).contains("\"p999\""))
    }
}
