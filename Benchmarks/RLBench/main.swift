import Balancer
import BalancerSim
import Foundation

// rl-bench: the figures of docs/rl-policies.md. Subcommands:
//   sim [--requests N] [--seed S] [--chart FILE]   scenario suite, every policy, the bars with ratios
//   cost                                           decision + learning cost per request, 10 replicas
//   live [--rate R] [--seconds S] [--rounds N]     loopback: stub replicas, one slowed halfway, p99 and throughput
//   throughput [--rounds N] [--seconds S]          loopback closed-loop throughput only, P2C and the learner A B B A

let args = CommandLine.arguments.dropFirst()
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), args.index(after: i) < args.endIndex else { return nil }
    return args[args.index(after: i)]
}

switch args.first ?? "" {
case "sim":
    var runner = SimulationSuiteRunner(scenarios: ScenarioSuite.all(requests: Int(option("--requests") ?? "") ?? ScenarioSuite.defaultRequests),
                                       policies: SimulationSuiteRunner.defaultPolicies, seed: UInt64(option("--seed") ?? "") ?? 1)
    runner.showProgress = false
    let start = Date()
    let results = try runner.run()
    let seconds = Date().timeIntervalSince(start)
    let total = results.reduce(0) { $0 + $1.requests }
    print(SimulationSuiteRunner.table(results))
    print(String(format: "\nsimulated %d requests in %.1f s (%.0f requests/s of wall time)\n", total, seconds, Double(total) / seconds))
    if let chart = option("--chart") { try Data(LatencyChart.svg(results).utf8).write(to: URL(fileURLWithPath: chart)) }
    let report = BarReport(results)
    print(report.table())
    print("simulator bars: \(report.allPass ? "PASS" : "FAIL")")
case "cost": CostBench.run()
case "live":
    try await LiveBench.run(rate: Double(option("--rate") ?? "") ?? 400, seconds: Double(option("--seconds") ?? "") ?? 6,
                            rounds: Int(option("--rounds") ?? "") ?? 3)
case "throughput":
    try await LiveBench.throughput(rounds: Int(option("--rounds") ?? "") ?? 4, seconds: Double(option("--seconds") ?? "") ?? 3)
default:
    print("usage: rl-bench sim|cost|live|throughput")
}
