import ArgumentParser
import Balancer
import BalancerSim
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run routing policies through the simulated scenario suite.")

    @Option(name: .customLong("scenario"), help: "Scenario (repeatable; default all): \(ScenarioSuite.names.joined(separator: ", ")).")
    var scenarios: [String] = []
    @Option(name: .customLong("policy"), help: "Policy (repeatable; default all).") var policies: [String] = []
    @Option(help: "Seed; every policy sees the same arrivals and service times.") var seed: UInt64 = 1
    @Option(help: "Requests per scenario.") var requests = ScenarioSuite.defaultRequests
    @Option(name: .customLong("model"), help: "Model file for a learning policy (repeatable).") var models: [String] = []
    @Option(help: "Where to write the SVG chart.") var chart = "simulation.svg"
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "No progress bar.") var quiet = false

    func run() throws {
        let runner = try SimulateOptions.runner(scenarios: scenarios, policies: policies, seed: seed, requests: requests, models: models)
        var r = runner
        r.showProgress = !quiet
        let results = try r.run()
        try Data(LatencyChart.svg(results).utf8).write(to: URL(fileURLWithPath: chart))
        print(json ? SimulationSuiteRunner.json(results) : SimulationSuiteRunner.table(results) + "\nchart: \(chart)")
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Train a learning policy in the simulator and write its model file.")

    @Option(help: "linucb | linear_q | ppo") var policy = "linucb"
    @Option(name: .customLong("scenarios"), parsing: .upToNextOption, help: "Training scenarios (default: heterogeneous degrading stalls homogeneous).")
    var scenarios: [String] = []
    @Option(help: "Training seed (keep it different from the evaluation seed).") var seed: UInt64 = 1000
    @Option(help: "Requests per scenario.") var requests = 100_000
    @Option(help: "Passes over the scenarios (linear_q, ppo).") var episodes = 2
    @Option(help: "Output file.") var out = "model.json"

    func run() throws {
        guard let kind = PolicyKind(name: policy) else { throw ValidationError("unknown policy \(policy)") }
        let names = scenarios.isEmpty ? ["heterogeneous", "degrading", "stalls", "homogeneous"] : scenarios
        let list = try names.map { n in
            guard let s = ScenarioSuite.named(n, requests: requests) else { throw ValidationError("unknown scenario \(n)") }
            return s
        }
        var t = Trainer(policy: kind, scenarios: list, seed: seed)
        t.episodes = max(1, episodes)
        t.log = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let model = try t.train()
        try model.encoded().write(to: URL(fileURLWithPath: out))
        for r in model.results { print(String(format: "%-14@ p50 %7.2f  p99 %8.2f  p99.9 %8.2f  errors %d", r.scenario as NSString, r.p50, r.p99, r.p999, r.errors)) }
        print("model: \(out)")
    }
}

enum SimulateOptions {
    static func runner(scenarios: [String], policies: [String], seed: UInt64, requests: Int, models: [String]) throws -> SimulationSuiteRunner {
        guard requests > 0 else { throw ValidationError("--requests must be > 0") }
        let list = try (scenarios.isEmpty ? ScenarioSuite.names : scenarios).map { n in
            guard let s = ScenarioSuite.named(n, requests: requests) else {
                throw ValidationError("unknown scenario \(n); one of \(ScenarioSuite.names.joined(separator: ", "))")
            }
            return s
        }
        let kinds = try (policies.isEmpty ? SimulationSuiteRunner.defaultPolicies.map(\.rawValue) : policies).map { n in
            guard let k = PolicyKind(name: n) else { throw ValidationError("unknown policy \(n)") }
            return k
        }
        var r = SimulationSuiteRunner(scenarios: list, policies: kinds, seed: seed)
        for path in models {
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            let m = try PolicyModel.decode(data)
            guard let k = PolicyKind(name: m.policy), k.learns else { throw ValidationError("\(path): no learning policy \(m.policy)") }
            r.models[k] = m
        }
        return r
    }
}
