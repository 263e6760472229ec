import Foundation
import LearningCore
import Logging
import Storage

/// `wave3 train --from-csv TRAIN.csv [--evaluate TEST.csv] [--store]`: fits every knowledge-tracing
/// variant on a file in the common format and, with a test file, prints each variant's held-out
/// AUC, RMSE, log-loss and calibration (pyBKT's convention, see `KnowledgeTracingEvaluation`).
struct CSVTraining {
    struct Outcome {
        var models: KnowledgeTracingEvaluation.Models
        var train: KnowledgeTracingDataset
        var results: [(variant: KnowledgeTracingEvaluation.Variant, metrics: KnowledgeTracingEvaluation.Metrics)]
        var text: String
    }

    /// The version's `metrics` document.
    struct StoredMetrics: Codable {
        var source: String
        var heldOut: [String: KnowledgeTracingEvaluation.Metrics]
    }

    static func load(_ path: String) throws -> KnowledgeTracingDataset {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("cannot read \(path)") }
        do {
            return try KnowledgeTracingDataset.parseCSV([UInt8](data))
        } catch let error as KnowledgeTracingDataset.FormatError {
            throw ConfigurationError("\(path): \(error.description)")
        }
    }

    static func run(trainPath: String, testPath: String?, progress: @escaping @Sendable (String, Double) -> Void) async throws -> Outcome {
        let train = try load(trainPath)
        let test = try testPath.map(load)
        guard !train.attempts.isEmpty else { throw ConfigurationError("\(trainPath): no attempts") }
        let models = await KnowledgeTracingEvaluation.fit(train, progress: progress)
        var lines = ["train: \(train.attempts.count) attempts, \(train.users.count) learners, \(train.skills.count) skills, \(train.items.count) items"
            + (train.skippedRows > 0 ? " (\(train.skippedRows) rows without a skill skipped)" : "")]
        let kept = models.selected.values.filter(\.forgetting).count
        lines.append("forgetting kept for \(kept) of \(models.selected.count) skills (it raised the held-out likelihood there)")
        let highGuessSlip = models.selected.values.filter { $0.parameters.guess > 0.3 || $0.parameters.slip > 0.3 }.count
        lines.append("skills with guess or slip above 0.3: \(highGuessSlip)")
        var results: [(KnowledgeTracingEvaluation.Variant, KnowledgeTracingEvaluation.Metrics)] = []
        if let test {
            lines.append("test: \(test.attempts.count) attempts, \(test.users.count) learners; predictions see only each learner's earlier test attempts")
            lines.append("variant".padding(toLength: 32, withPad: " ", startingAt: 0) + "   AUC    RMSE  log-loss   ECE    fit s")
            for variant in KnowledgeTracingEvaluation.Variant.allCases {
                let m = KnowledgeTracingEvaluation.metrics(KnowledgeTracingEvaluation.predict(models, variant, on: test), test)
                results.append((variant, m))
                let fit = models.fitSeconds[variant].map { String(format: "%7.2f", $0) } ?? "      -"
                lines.append(variant.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + String(format: " %.4f  %.4f  %.4f  %.4f", m.auc, m.rmse, m.logLoss, m.ece) + " " + fit)
            }
        } else {
            for variant in KnowledgeTracingEvaluation.Variant.allCases {
                if let s = models.fitSeconds[variant] { lines.append("\(variant.rawValue): fitted in \(String(format: "%.2f", s)) s") }
            }
        }
        return Outcome(models: models, train: train, results: results, text: lines.joined(separator: "\n"))
    }

    /// The bundle `--store` writes: the per-skill choice of forgetting, the item-aware layer, and
    /// the defaults for the models a CSV cannot train (mastery behaviour, content difficulty).
    static func bundle(_ models: KnowledgeTracingEvaluation.Models) -> LearningModelBundle {
        var bundle = LearningModelBundle.defaults
        bundle.knowledge = BKTModel(skills: models.selected.mapValues(\.parameters))
        bundle.itemAware = models.itemAware
        return bundle
    }
}

extension Wave3Commands {
    /// `wave3 train --from-csv`. With `store`, the fitted models become a new active version.
    public static func trainFromCSV(_ configuration: AppConfiguration, trainPath: String, testPath: String?, store: Bool,
                                    showProgress: Bool = true) async throws -> String {
        guard store else { return try await trainFromCSV(database: nil, trainPath: trainPath, testPath: testPath, showProgress: showProgress) }
        return try await withDatabase(configuration, logger: Logger(label: "wave3.train")) { database in
            try await trainFromCSV(database: database, trainPath: trainPath, testPath: testPath, showProgress: showProgress)
        }
    }

    /// The command on an open database (nil: evaluate only, store nothing).
    public static func trainFromCSV(database: Database?, trainPath: String, testPath: String?, showProgress: Bool = false) async throws -> String {
        let bar = ProgressBar()
        let outcome = try await CSVTraining.run(trainPath: trainPath, testPath: testPath) { stage, fraction in
            if showProgress { bar.update(stage, fraction) }
        }
        guard let database else { return outcome.text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metrics = Dictionary(uniqueKeysWithValues: outcome.results.map { ($0.variant.rawValue, $0.metrics) })
        let version = try await ModelVersionRepository(database: database).insert(
            kind: ModelStore.kind, parameters: String(decoding: try encoder.encode(CSVTraining.bundle(outcome.models)), as: UTF8.self),
            metrics: String(decoding: try encoder.encode(CSVTraining.StoredMetrics(source: trainPath, heldOut: metrics)), as: UTF8.self),
            activate: true)
        return outcome.text + "\nmodel version \(version.id) stored and activated"
    }
}
