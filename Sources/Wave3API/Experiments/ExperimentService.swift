import Foundation
import LearningCore
import Storage

/// The experiment logic the controller, the recommendations, the seed and the CLI share.
public struct ExperimentService: Sendable {
    public let repository: ExperimentRepository
    let analysis = ExperimentAnalysis()

    public init(repository: ExperimentRepository) { self.repository = repository }

    func experiment(_ key: String) async throws -> Experiment {
        guard ExperimentDesign.isValidKey(key), let record = try await repository.get(key: key) else {
            throw APIError.notFound("experiment '\(key)'")
        }
        return try Experiment(record)
    }

    /// The learner's variant, recording the first exposure. Only a running experiment assigns.
    func assign(_ experiment: Experiment, learnerId: String) async throws -> AssignmentResponse {
        guard experiment.record.status == .running else {
            throw APIError(.conflict, "experiment_not_running", "experiment '\(experiment.record.key)' is \(experiment.record.status.rawValue), not running")
        }
        let hashed = experiment.hashedVariant(for: learnerId)
        let row = try await repository.expose(key: experiment.record.key, learnerId: learnerId, variant: hashed.key, at: Timestamp.nowMillis())
        let control = experiment.variants[0]
        if row.excluded { return AssignmentResponse(experiment: experiment.record.key, variant: control.key, config: control.config, excluded: true) }
        // A variant removed since (impossible for a running experiment, whose variants are frozen) falls back to the control.
        let variant = experiment.variants.first { $0.key == row.variant } ?? control
        return AssignmentResponse(experiment: experiment.record.key, variant: variant.key, config: variant.config, excluded: false)
    }

    /// The recommendation algorithm a running experiment gives this learner, when one's variant
    /// configs name an algorithm; `expose` records the exposure (false when an admin looks on the
    /// learner's behalf: the learner saw nothing). The oldest running experiment wins when several do.
    func recommendationAlgorithm(learnerId: String, expose: Bool, known: Set<String>) async throws -> String? {
        for record in try await repository.list(status: .running).reversed() {
            guard let experiment = try? Experiment(record),
                  experiment.variants.contains(where: { $0.config?["algorithm"]?.stringValue.map(known.contains) == true }) else { continue }
            let variant: VariantPayload
            if expose {
                // Stopped between the listing and now: the learner simply gets the default.
                guard let assignment = try? await assign(experiment, learnerId: learnerId) else { return nil }
                variant = experiment.variants.first { $0.key == assignment.variant } ?? experiment.variants[0]
            } else if let row = try await repository.assignment(key: record.key, learnerId: learnerId), !row.excluded {
                variant = experiment.variants.first { $0.key == row.variant } ?? experiment.variants[0]
            } else {
                variant = experiment.hashedVariant(for: learnerId)
            }
            if let algorithm = variant.config?["algorithm"]?.stringValue, known.contains(algorithm) { return algorithm }
            return nil
        }
        return nil
    }

    /// Aggregates in the database, then the statistics.
    func results(_ experiment: Experiment) async throws -> ExperimentResults {
        let aggregates = try await repository.aggregates(key: experiment.record.key, metrics: experiment.metrics, until: experiment.record.stoppedAt)
        let variants = experiment.definitions
        let empty = SampleSummary(n: 0, sum: 0, sumSquares: 0)
        var samples: [String: [SampleSummary]] = [:]
        for metric in experiment.metrics {
            samples[metric.name] = variants.map { aggregates.samples[metric.name]?[$0.key] ?? empty }
        }
        return analysis.analyze(variants: variants, assigned: variants.map { aggregates.assigned[$0.key] ?? 0 }, metrics: experiment.metrics, samples: samples)
    }
}
