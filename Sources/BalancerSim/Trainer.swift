import Balancer
import Foundation

/// `rl-balancer train`: fits a learning policy in the simulator and returns its model file.
/// Training uses its own seed (never the evaluation seed the bars are judged on).
/// - linucb: a small search over its parameters (evidence time constant, exploration, stall
///   threshold), keeping the set with the lowest mean log p99 over the training scenarios.
/// - linear_q: weights learnt online across the scenarios in turn, `episodes` times.
/// - ppo: the network trained with sampling on, `episodes` passes over the scenarios.
public struct Trainer {
    public var policy: PolicyKind
    public var scenarios: [Scenario]
    public var seed: UInt64
    public var episodes = 2
    public var log: (String) -> Void = { _ in }

    public init(policy: PolicyKind, scenarios: [Scenario], seed: UInt64) {
        self.policy = policy
        self.scenarios = scenarios
        self.seed = seed
    }

    public enum TrainError: Error, CustomStringConvertible {
        case notLearning(String)
        public var description: String {
            switch self { case .notLearning(let p): return "\(p) does not learn; train one of linucb, linear_q, ppo" }
        }
    }

    public func train() throws -> PolicyModel {
        var model: PolicyModel
        switch policy {
        case .linUCB: model = searchLinUCB()
        case .linearQ:
            let p = LinearQPolicy(seed: seed)
            for e in 0..<episodes {
                for s in scenarios { _ = Simulator(scenario: s, seed: seed &+ UInt64(e)).run(policy: p); log("episode \(e + 1) \(s.name)") }
            }
            model = p.exportModel()
        case .ppo:
            let p = PPOPolicy(seed: seed)
            p.training = true
            for e in 0..<episodes {
                for s in scenarios {
                    let r = Simulator(scenario: s, seed: seed &+ UInt64(e)).run(policy: p)
                    log(String(format: "episode %d %@ p99 %.1f ms (sampling), updates %d", e + 1, s.name as NSString, r.p99, p.guardrail.updates))
                }
            }
            model = p.exportModel()
        default: throw TrainError.notLearning(policy.rawValue)
        }
        model.results = try evaluate(model)
        return model
    }

    /// The scenario results of the finished model, frozen where the policy allows.
    func evaluate(_ model: PolicyModel) throws -> [ScenarioScore] {
        var out: [ScenarioScore] = []
        for s in scenarios {
            guard let p = policy.make(seed: seed) as? any LearningPolicy else { continue }
            try p.load(model)
            let r = Simulator(scenario: s, seed: seed).run(policy: p)
            out.append(ScenarioScore(scenario: s.name, p50: r.p50, p99: r.p99, p999: r.p999, errors: r.errors, successRate: r.successRate))
        }
        return out
    }

    func searchLinUCB() -> PolicyModel {
        var best = LinUCBPolicy.Parameters()
        var bestScore = Double.infinity
        for tau in [0.5, 1.0, 2.0] {
            for alpha in [0.0, 0.1, 0.3] {
                for silence in [2.0, 4.0, 8.0] {
                    var params = LinUCBPolicy.Parameters()
                    params.tauSeconds = tau
                    params.alpha = alpha
                    params.silenceFactor = silence
                    var score = 0.0
                    for s in scenarios {
                        let p = LinUCBPolicy(seed: seed)
                        p.parameters = params
                        let r = Simulator(scenario: s, seed: seed).run(policy: p)
                        let failures = Double(r.errors + r.timeouts) / Double(max(1, r.requests))
                        score += Foundation.log(max(r.p99, 0.01)) + failures * 100
                    }
                    log(String(format: "tau %.1f alpha %.1f silence %.0f: score %.4f", tau, alpha, silence, score))
                    if score < bestScore { bestScore = score; best = params }
                }
            }
        }
        let p = LinUCBPolicy(seed: seed)
        p.parameters = best
        return p.exportModel()
    }
}
