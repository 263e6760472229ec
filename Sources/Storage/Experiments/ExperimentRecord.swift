import LearningCore

/// One row of `experiments`; `variants` and `metrics` are the JSON documents the API validated.
public struct ExperimentRecord: Sendable, Equatable {
    public var key: String
    public var name: String
    public var description: String
    public var status: ExperimentStatus
    public var variants: String
    public var metrics: String
    public var createdAt: Int64
    public var startedAt: Int64?
    public var stoppedAt: Int64?

    public init(key: String, name: String, description: String, status: ExperimentStatus, variants: String, metrics: String,
                createdAt: Int64, startedAt: Int64? = nil, stoppedAt: Int64? = nil) {
        self.key = key
        self.name = name
        self.description = description
        self.status = status
        self.variants = variants
        self.metrics = metrics
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
    }
}

/// A learner's row in `experiment_assignments`.
public struct ExperimentAssignmentRecord: Sendable, Equatable {
    public var variant: String
    public var forced: Bool
    public var excluded: Bool
    public var exposedAt: Int64?
    public var preActivity: Double
}

/// What the database aggregates for results: per variant, the exposed (randomised) learners and,
/// per metric, the sufficient statistics of their per-learner values.
public struct ExperimentAggregates: Sendable {
    public var assigned: [String: Int]
    public var samples: [String: [String: SampleSummary]]
}
