import Foundation
import LearningCore
import Storage

/// A variant as the API and the `variants` column hold it.
struct VariantPayload: Codable, Sendable, Equatable {
    var key: String
    var weight: Double
    var config: JSONValue?
}

/// A metric as the API and the `metrics` column hold it.
struct MetricPayload: Codable, Sendable, Equatable {
    var name: String
    var type: MetricType
    var goal: MetricGoal?
    var primary: Bool?
    var source: MetricSource?

    var definition: MetricDefinition {
        MetricDefinition(name: name, type: type, goal: goal ?? .maximize, primary: primary ?? false, source: source ?? .events)
    }
}

/// `POST /experiments` and `PUT /experiments/{key}`.
struct ExperimentInput: Decodable, Sendable {
    var key: String?
    var name: String
    var description: String?
    var variants: [VariantPayload]
    var metrics: [MetricPayload]
}

/// An experiment as the API answers it.
struct ExperimentResponse: Codable, Sendable {
    var key: String
    var name: String
    var description: String
    var status: ExperimentStatus
    var variants: [VariantPayload]
    var metrics: [MetricPayload]
    var createdAt: String
    var startedAt: String?
    var stoppedAt: String?
}

/// A stored experiment with its JSON columns decoded.
struct Experiment: Sendable {
    let record: ExperimentRecord
    let variants: [VariantPayload]
    let metrics: [MetricDefinition]

    init(_ record: ExperimentRecord) throws {
        self.record = record
        self.variants = try JSONDecoder().decode([VariantPayload].self, from: Data(record.variants.utf8))
        self.metrics = try JSONDecoder().decode([MetricPayload].self, from: Data(record.metrics.utf8)).map(\.definition)
    }

    var definitions: [VariantDefinition] { variants.map { VariantDefinition(key: $0.key, weight: $0.weight) } }

    /// The hash's choice for a learner who has no recorded row yet.
    func hashedVariant(for learnerId: String) -> VariantPayload {
        variants[VariantAssignment(weights: variants.map(\.weight)).variantIndex(experimentKey: record.key, learnerId: learnerId)]
    }

    var response: ExperimentResponse {
        ExperimentResponse(key: record.key, name: record.name, description: record.description, status: record.status, variants: variants,
                           metrics: metrics.map { MetricPayload(name: $0.name, type: $0.type, goal: $0.goal, primary: $0.primary, source: $0.source) },
                           createdAt: ISO8601.string(fromMillis: record.createdAt), startedAt: record.startedAt.map(ISO8601.string(fromMillis:)),
                           stoppedAt: record.stoppedAt.map(ISO8601.string(fromMillis:)))
    }
}

/// `GET /experiments/{key}/assignment`.
struct AssignmentResponse: Codable, Sendable {
    var experiment: String
    var variant: String
    var config: JSONValue?
    /// An admin excluded this learner: they get the control's config and count nowhere.
    var excluded: Bool
}

/// `POST /experiments/{key}/events`. A client may name the variant it believes it is in; the
/// server never takes it, only refuses a mismatch.
struct EventInput: Decodable, Sendable {
    var metric: String
    var value: Double
    var variant: String?
}

struct EventResponse: Codable, Sendable {
    var experiment: String
    var metric: String
    var variant: String
    var value: Double
}

/// `PUT /experiments/{key}/overrides/{learnerId}`: force a variant or exclude.
struct OverrideInput: Decodable, Sendable {
    var variant: String?
    var excluded: Bool?
}

/// `GET /experiments/{key}/results`: the experiment's state and `ExperimentResults`' fields.
struct ExperimentResultsResponse: Codable, Sendable {
    var experiment: String
    var status: ExperimentStatus
    var alpha: Double
    var control: String
    var comparisons: Int
    var srm: ExperimentResults.SRMResult
    var metrics: [ExperimentResults.MetricResult]

    init(experiment: String, status: ExperimentStatus, results: ExperimentResults) {
        self.experiment = experiment
        self.status = status
        self.alpha = results.alpha
        self.control = results.control
        self.comparisons = results.comparisons
        self.srm = results.srm
        self.metrics = results.metrics
    }
}
