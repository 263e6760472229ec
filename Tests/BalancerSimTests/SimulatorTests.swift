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
