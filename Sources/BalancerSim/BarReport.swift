import Balancer
import Foundation

/// The bars of docs/rl-policies.md, judged on one set of simulation results (same seed for all
/// policies): for each bar, the best learning policy's figure, the anchor's, the ratio, PASS/FAIL.
public struct BarReport {
    public struct Line: Sendable, Codable {
        public var scenario: String
        public var metric: String
        public var learner: String
        public var value: Double
        public var anchor: String
        public var anchorValue: Double
        public var ratio: Double
        public var limit: Double
        public var pass: Bool
    }

    public static let learners: [String] = [PolicyKind.linUCB, .linearQ, .ppo].map(\.rawValue)

    public var lines: [Line] = []
    public var best: String = ""

    /// The best learner is the one passing most bars (ties: lowest summed p99 ratio to P2C).
    public init(_ results: [SimulationResult]) {
        var bestLines: [Line] = []
        var bestKey = (Int.max, Double.infinity)
        for l in Self.learners where results.contains(where: { $0.policy == l }) {
            let ls = Self.lines(for: l, results)
            let key = (ls.filter { !$0.pass }.count, ls.filter { $0.anchor == PolicyKind.p2cPeakEWMA.rawValue && $0.metric == "p99" }.map(\.ratio).reduce(0, +))
            if key < bestKey { bestKey = key; bestLines = ls; best = l }
        }
        lines = bestLines
    }

    static func lines(for learner: String, _ results: [SimulationResult]) -> [Line] {
        func r(_ s: String, _ p: String) -> SimulationResult? { results.first { $0.scenario == s && $0.policy == p } }
        var out: [Line] = []
        let p2c = PolicyKind.p2cPeakEWMA.rawValue, prequal = PolicyKind.prequal.rawValue, lc = PolicyKind.leastConnections.rawValue
        func add(_ s: String, _ metric: String, _ anchor: String, limit: Double, value: (SimulationResult) -> Double, higherIsBetter: Bool = false) {
            guard let a = r(s, learner), let b = r(s, anchor) else { return }
            let v = value(a), av = value(b)
            let ratio = higherIsBetter ? (av > 0 ? v / av : 1) : (av > 0 ? v / av : (v == 0 ? 0 : .infinity))
            let pass = higherIsBetter ? v >= av * limit : (av == 0 ? v == 0 : ratio <= limit)
            out.append(Line(scenario: s, metric: metric, learner: learner, value: v, anchor: anchor, anchorValue: av, ratio: ratio, limit: limit, pass: pass))
        }
        for s in ["heterogeneous", "degrading", "stalls"] {
            add(s, "p99", p2c, limit: 0.85, value: \.p99)
            add(s, "p99", prequal, limit: 1.0, value: \.p99)
            add(s, "p99", lc, limit: 0.7, value: \.p99)
        }
        add("homogeneous", "p99", p2c, limit: 1.05, value: \.p99)
        for s in Set(results.map(\.scenario)).sorted() {
            add(s, "errors+timeouts", p2c, limit: 1.0, value: { Double($0.errors + $0.timeouts) })
        }
        add("linkerd-2016", "successRate", p2c, limit: 1.0, value: \.successRate, higherIsBetter: true)
        return out
    }

    public var allPass: Bool { !lines.isEmpty && lines.allSatisfy(\.pass) }

    public func table() -> String {
        var s = ["best learning policy: \(best)",
                 String(format: "%-14@ %-16@ %-18@ %12@ %12@ %8@ %8@  %@", "scenario" as NSString, "metric" as NSString, "vs" as NSString,
                               "learner" as NSString, "anchor" as NSString, "ratio" as NSString, "bar" as NSString, "verdict" as NSString)]
        for l in lines {
            let bar = l.metric == "successRate" ? "≥ 1.00" : String(format: "≤ %.2f", l.limit)
            s.append(String(format: "%-14@ %-16@ %-18@ %12.4g %12.4g %8.3f %8@  %@", l.scenario as NSString, l.metric as NSString, l.anchor as NSString,
                            l.value, l.anchorValue, l.ratio, bar as NSString, (l.pass ? "PASS" : "FAIL") as NSString))
        }
        return s.joined(separator: "\n")
    }
}
