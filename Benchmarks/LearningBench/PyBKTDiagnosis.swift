import Foundation
import LearningCore

/// Why fitted parameters differ from pyBKT's: for each variant, on how many skills pyBKT's
/// parameters reach a higher training log-likelihood than ours (we stopped in a worse optimum) or
/// a lower one (pyBKT did, or our priors pulled us off the maximum), and what a pyBKT-matched fit
/// (flat priors, as pyBKT's EM maximises the plain likelihood) changes.
struct PyBKTDiagnosis {
    typealias Reference = [String: PyBKTComparison.PyBKTVariant]

    func run(train: KnowledgeTracingDataset, test: KnowledgeTracingDataset, models: KnowledgeTracingEvaluation.Models, reference: Reference,
             _ report: inout Report) async {
        let sequences = train.sequencesBySkill()
        var flat = BKTFitter()
        flat.configuration.guessPrior = BKTFitter.BetaPrior(alpha: 1, beta: 1)
        flat.configuration.slipPrior = BKTFitter.BetaPrior(alpha: 1, beta: 1)
        for (name, forgetting) in [("standard", false), ("forgetting", true)] {
            guard let py = reference[name] else { continue }
            let ours = forgetting ? models.forgetting : models.standard
            let matched = await flat.forgetting(forgetting).fitAll(sequences).mapValues(\.parameters)
            var pyHigher = 0, oursHigher = 0, gap = 0.0
            var worst: [(difference: Double, skill: String, note: String)] = []
            for (skill, p) in ours {
                guard let q = Self.parameters(py.parameters[skill]), let data = sequences[skill] else { continue }
                let llOurs = BKTFitter.logLikelihood(p, data), llPy = BKTFitter.logLikelihood(q, data)
                if llPy > llOurs + 1e-6 { pyHigher += 1; gap += llPy - llOurs } else if llOurs > llPy + 1e-6 { oursHigher += 1 }
                worst.append((Self.meanDifference(p, q, forgetting), skill,
                              "log-likelihood ours − pyBKT \(format(llOurs - llPy, 2)); flat-prior fit differs by \(format(matched[skill].map { Self.meanDifference($0, q, forgetting) } ?? .nan, 3))"))
            }
            let flatMean = Self.mean(matched, py.parameters, forgetting)
            report.info("pyBKT \(name): pyBKT's parameters have the higher training log-likelihood on \(pyHigher) skills (total \(format(gap, 1)) nats), ours on \(oursHigher)")
            report.info("pyBKT \(name): mean parameter difference with flat priors (pyBKT's plain likelihood) \(format(flatMean, 4)) (default priors \(format(Self.mean(ours, py.parameters, forgetting), 4)))")
            // pyBKT's EM_fit stops after 100 iterations or when the skill's log-likelihood moves by
            // less than 1e-3 nats; ours runs to 1e-9 nats per attempt.
            var stopped: [String: BKTParameters] = [:]
            for (skill, data) in sequences {
                var f = flat.forgetting(forgetting)
                f.configuration.maxIterations = 100 - f.configuration.screeningIterations
                f.configuration.tolerance = 1e-3 / Double(max(data.attemptCount, 1))
                stopped[skill] = f.fit(data).parameters
            }
            var early = models
            if forgetting { early.forgetting = stopped } else { early.standard = stopped }
            let variant: KnowledgeTracingEvaluation.Variant = forgetting ? .forgetting : .standard
            let auc = KnowledgeTracingEvaluation.metrics(KnowledgeTracingEvaluation.predict(early, variant, on: test), test).auc
            report.info("pyBKT \(name): with pyBKT's stopping rule (≤ 100 EM iterations, 1e-3 nats): mean parameter difference \(format(Self.mean(stopped, py.parameters, forgetting), 4)), AUC \(format(auc)) (difference \(format(abs(auc - py.auc))))")
            let sorted = worst.map(\.difference).sorted()
            if !sorted.isEmpty {
                report.info("pyBKT \(name): per-skill mean difference: median \(format(sorted[sorted.count / 2], 4)), \(sorted.filter { $0 <= 0.02 }.count) of \(sorted.count) skills within 0.02")
            }
            for w in worst.sorted(by: { $0.difference > $1.difference }).prefix(3) {
                report.info("  \(w.skill): mean difference \(format(w.difference, 3)); \(w.note)")
            }
        }
    }

    static func parameters(_ q: [String: Double]?) -> BKTParameters? {
        guard let q, let prior = q["prior"], let learn = q["learns"], let guess = q["guesses"], let slip = q["slips"] else { return nil }
        return BKTParameters(prior: prior, learn: learn, guess: guess, slip: slip, forget: q["forgets"] ?? 0)
    }

    static func meanDifference(_ p: BKTParameters, _ q: BKTParameters, _ forgetting: Bool) -> Double {
        var d = abs(p.prior - q.prior) + abs(p.learn - q.learn) + abs(p.guess - q.guess) + abs(p.slip - q.slip)
        if forgetting { d += abs(p.forget - q.forget) }
        return d / (forgetting ? 5 : 4)
    }

    static func mean(_ ours: [String: BKTParameters], _ py: [String: [String: Double]], _ forgetting: Bool) -> Double {
        let ds = ours.compactMap { skill, p in parameters(py[skill]).map { meanDifference(p, $0, forgetting) } }
        return ds.reduce(0, +) / Double(max(ds.count, 1))
    }
}
