import Foundation
import LearningCore

/// The side-by-side with pyBKT 1.4.3 on the same files in the same run: AUC and parameter
/// differences per variant, fit-time ratio, and the item-aware variant against both.
struct PyBKTComparison {
    struct PyBKTVariant: Decodable {
        var fitSeconds: Double
        var auc: Double
        var rmse: Double
        var count: Int
        var parameters: [String: [String: Double]]
    }

    func run(directory: String, pyBKTJSON: String, _ report: inout Report) async throws {
        let reference = try JSONDecoder().decode([String: PyBKTVariant].self, from: Data(contentsOf: URL(fileURLWithPath: pyBKTJSON)))
        let train = try KnowledgeTracingDataset.parseCSV([UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/train.csv"))))
        let test = try KnowledgeTracingDataset.parseCSV([UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/test.csv"))))
        report.info("files: \(train.attempts.count) training attempts, \(test.attempts.count) test attempts, \(train.skills.count) skills, \(train.items.count) items")
        let models = await KnowledgeTracingEvaluation.fit(train)
        var aucs: [KnowledgeTracingEvaluation.Variant: Double] = [:]
        for variant in KnowledgeTracingEvaluation.Variant.allCases {
            let m = KnowledgeTracingEvaluation.metrics(KnowledgeTracingEvaluation.predict(models, variant, on: test), test)
            aucs[variant] = m.auc
            report.info("\(variant.rawValue): AUC \(format(m.auc)), RMSE \(format(m.rmse)), log-loss \(format(m.logLoss)), ECE \(format(m.ece))"
                + (models.fitSeconds[variant].map { ", fit \(format($0, 2)) s" } ?? ""))
        }
        for (name, variant) in [("standard", KnowledgeTracingEvaluation.Variant.standard), ("forgetting", .forgetting)] {
            guard let py = reference[name] else { report.figure("pyBKT \(name) result", "missing", bar: "present", pass: false); continue }
            let ours = aucs[variant]!
            report.info("pyBKT \(name): AUC \(format(py.auc)), RMSE \(format(py.rmse)), fit \(format(py.fitSeconds, 2)) s on \(py.count) predictions")
            let difference = abs(ours - py.auc)
            report.figure("AUC difference to pyBKT (\(name))", format(difference), bar: "≤ 0.002", pass: difference <= 0.002)
            let fitted = name == "standard" ? models.standard : models.forgetting
            var largest = 0.0, sum = 0.0, n = 0.0
            for (skill, p) in fitted {
                guard let q = py.parameters[skill] else { continue }
                var pairs = [(p.prior, q["prior"]), (p.learn, q["learns"]), (p.guess, q["guesses"]), (p.slip, q["slips"])]
                if name == "forgetting" { pairs.append((p.forget, q["forgets"])) }
                for (a, b) in pairs {
                    guard let b else { continue }
                    largest = max(largest, abs(a - b)); sum += abs(a - b); n += 1
                }
            }
            report.figure("parameter difference to pyBKT (\(name)), mean", format(sum / max(n, 1)), bar: "≤ 0.02", pass: n > 0 && sum / n <= 0.02)
            report.info("largest single-parameter difference \(format(largest)) over \(Int(n)) parameters")
            let ratio = models.fitSeconds[variant]! / py.fitSeconds
            report.figure("fit time / pyBKT's (\(name))", format(ratio, 3), bar: "≤ 0.5", pass: ratio <= 0.5)
        }
        let best = max(reference["standard"]?.auc ?? 1, reference["forgetting"]?.auc ?? 1)
        let itemAware = aucs[.itemAware]!
        report.figure("item-aware AUC − best pyBKT AUC", format(itemAware - best), bar: "> 0", pass: itemAware > best)
        await PyBKTDiagnosis().run(train: train, test: test, models: models, reference: reference, &report)
    }
}
