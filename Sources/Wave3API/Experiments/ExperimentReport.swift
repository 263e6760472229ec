import Foundation
import LearningCore
import Logging
import Storage

/// `wave3 experiments report KEY`: the results as a plain-text table for admins in a terminal.
enum ExperimentReport {
    static func render(key: String, status: ExperimentStatus, results: ExperimentResults) -> String {
        var lines: [String] = []
        let srm = results.srm
        lines.append("experiment \(key) (\(status.rawValue)); control \(results.control); α = \(results.alpha); \(results.comparisons) comparisons")
        let observed = srm.observed.keys.sorted().map { "\($0) \(srm.observed[$0] ?? 0)" }.joined(separator: ", ")
        lines.append("exposed: \(observed); SRM χ² = \(fixed(srm.chiSquare, 2)), p = \(scientific(srm.pValue))"
            + (srm.mismatch ? "  ** SAMPLE RATIO MISMATCH: do not trust these results **" : " (ok)"))
        for metric in results.metrics {
            lines.append("")
            lines.append("\(metric.name) (\(metric.type.rawValue), \(metric.goal.rawValue)\(metric.primary ? ", primary" : ""), from \(metric.source.rawValue))")
            let header = ["variant", "n", "mean", "95% CI", "lift", "lift CI", "p", "Holm p", "BH p", "P(beat)", "seq p", "CUPED p (var red.)"]
            var rows: [[String]] = [header]
            for row in metric.variants {
                let percent = metric.type == .conversion
                var cells = [row.variant + (row.isControl ? " (control)" : ""), "\(row.n)", percent ? pct(row.mean) : fixed(row.mean, 3),
                             interval(row.ci, percent: percent)]
                if let c = row.comparison {
                    cells += [c.relativeLift.map(signedPct) ?? (percent ? signedPct(c.absoluteLift) : fixed(c.absoluteLift, 3)),
                              c.relativeLiftCi.map { interval($0, percent: true) } ?? interval(c.absoluteLiftCi, percent: percent),
                              scientific(c.pValue) + (c.significant ? " *" : ""), scientific(c.holmPValue), scientific(c.benjaminiHochbergPValue),
                              pct(c.probabilityToBeatControl), scientific(c.sequential.pValue) + (c.sequential.significant ? " *" : ""),
                              c.cuped.map { "\(scientific($0.pValue)) (\(pct($0.varianceReduction)))" } ?? "—"]
                } else {
                    cells += Array(repeating: "—", count: header.count - cells.count)
                }
                rows.append(cells)
            }
            lines += table(rows)
        }
        lines.append("")
        lines.append("* significant at α; the sequential p-value stays valid however often you look (docs/experiments.md)")
        return lines.joined(separator: "\n")
    }

    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.enumerated().flatMap { index, row -> [String] in
            let line = row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                            : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
            return index == 0 ? [line, String(repeating: "-", count: line.count)] : [line]
        }
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func signedPct(_ x: Double) -> String { String(format: "%+.1f%%", x * 100) }
    static func scientific(_ x: Double) -> String { x >= 0.001 ? String(format: "%.4f", x) : String(format: "%.1e", x) }
    static func interval(_ i: Interval, percent: Bool) -> String {
        func side(_ x: Double) -> String { x.isFinite ? (percent ? pct(x) : fixed(x, 3)) : "∞" }
        return "[\(side(i.lower)), \(side(i.upper))]"
    }
}

extension Wave3Commands {
    /// `wave3 experiments report KEY`.
    public static func experimentReport(_ configuration: AppConfiguration, key: String) async throws -> String {
        try await withDatabase(configuration, logger: Logger(label: "wave3.experiments")) { database in
            let service = ExperimentService(repository: ExperimentRepository(database: database))
            guard ExperimentDesign.isValidKey(key), let record = try await service.repository.get(key: key) else {
                throw ConfigurationError("no experiment with key '\(key)'")
            }
            let experiment = try Experiment(record)
            let clock = ContinuousClock(), started = clock.now
            let results = try await service.results(experiment)
            let elapsed = started.duration(to: clock.now)
            let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15
            return ExperimentReport.render(key: key, status: record.status, results: results)
                + String(format: "\nresults computed in %.1f ms (aggregation in the database, statistics in LearningCore)", millis)
        }
    }
}
