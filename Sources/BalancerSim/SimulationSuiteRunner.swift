import Balancer
import Foundation

/// `rl-balancer simulate`: every requested scenario × policy with the same seed, as a table or
/// JSON, plus an SVG chart of the latency distributions.
public struct SimulationSuiteRunner {
    public var scenarios: [Scenario]
    public var policies: [PolicyKind]
    public var seed: UInt64
    /// Loaded into the learning policies of that kind before the run.
    public var models: [PolicyKind: PolicyModel] = [:]
    public var showProgress = true

    public static let defaultPolicies: [PolicyKind] = [.roundRobin, .leastConnections, .p2cPeakEWMA, .prequal, .linUCB, .linearQ, .ppo]

    public init(scenarios: [Scenario], policies: [PolicyKind], seed: UInt64) {
        self.scenarios = scenarios
        self.policies = policies
        self.seed = seed
    }

    public func makePolicy(_ kind: PolicyKind) throws -> any RoutingPolicy {
        let p = kind.make(seed: seed)
        if let model = models[kind], let l = p as? any LearningPolicy { try l.load(model) }
        return p
    }

    public func run() throws -> [SimulationResult] {
        var out: [SimulationResult] = []
        let total = scenarios.count * policies.count
        var done = 0
        for s in scenarios {
            let sim = Simulator(scenario: s, seed: seed)
            for k in policies {
                let label = "\(s.name) / \(k.rawValue)"
                let r = sim.run(policy: try makePolicy(k)) { share in
                    guard showProgress else { return }
                    ProgressBar.draw(label: label, share: (Double(done) + share) / Double(total))
                }
                done += 1
                out.append(r)
            }
        }
        if showProgress { ProgressBar.clear() }
        return out
    }

    public static func table(_ results: [SimulationResult]) -> String {
        var lines = [String(format: "%-14@ %-18@ %9@ %9@ %9@ %9@ %9@ %7@ %8@ %8@ %7@", "scenario" as NSString, "policy" as NSString, "p50 ms" as NSString, "p95 ms" as NSString, "p99 ms" as NSString,
                                 "p99.9 ms" as NSString, "req/s" as NSString, "errors" as NSString, "timeouts" as NSString, "success" as NSString, "retried" as NSString)]
        for r in results {
            lines.append(String(format: "%-14@ %-18@ %9.2f %9.2f %9.2f %9.2f %9.0f %7d %8d %7.3f%% %7d", r.scenario as NSString, r.policy as NSString,
                                r.p50, r.p95, r.p99, r.p999, r.throughput, r.errors, r.timeouts, r.successRate * 100, r.retried))
        }
        return lines.joined(separator: "\n")
    }

    public static func json(_ results: [SimulationResult]) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? enc.encode(results)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// A one-line progress bar on standard error (the table or JSON goes to standard output).
enum ProgressBar {
    static func draw(label: String, share: Double) {
        let width = 30
        let filled = Int((share * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: max(0, width - filled))
        FileHandle.standardError.write(Data(String(format: "\r[%@] %3d%% %-40@", bar as NSString, Int(share * 100), label as NSString).utf8))
    }

    static func clear() {
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 80) + "\r").utf8))
    }
}

/// A bad name or file on the command line.
public struct SimulationInputError: Error, CustomStringConvertible {
    public var description: String
}

extension ScenarioSuite {
    public static func resolve(_ names: [String], requests: Int) throws -> [Scenario] {
        guard requests > 0 else { throw SimulationInputError(description: "--requests must be > 0") }
        return try names.map { n in
            guard let s = named(n, requests: requests) else {
                throw SimulationInputError(description: "unknown scenario \(n); one of \(ScenarioSuite.names.joined(separator: ", "))")
            }
            return s
        }
    }
}

extension SimulationSuiteRunner {
    /// From command-line names (empty: all) and model files.
    public init(scenarioNames: [String], policyNames: [String], seed: UInt64, requests: Int, modelPaths: [String]) throws {
        let list = try ScenarioSuite.resolve(scenarioNames.isEmpty ? ScenarioSuite.names : scenarioNames, requests: requests)
        let kinds = try (policyNames.isEmpty ? Self.defaultPolicies.map(\.rawValue) : policyNames).map { n in
            guard let k = PolicyKind(name: n) else { throw SimulationInputError(description: "unknown policy \(n)") }
            return k
        }
        self.init(scenarios: list, policies: kinds, seed: seed)
        for path in modelPaths {
            guard let data = FileManager.default.contents(atPath: path) else { throw SimulationInputError(description: "cannot read \(path)") }
            let m = try PolicyModel.decode(data)
            guard let k = PolicyKind(name: m.policy), k.learns else { throw SimulationInputError(description: "\(path): no learning policy \(m.policy)") }
            models[k] = m
        }
    }
}
