/// The lifecycle of an experiment, as a state machine: draft → running → stopped, nothing else.
public enum ExperimentStatus: String, Sendable, Codable, CaseIterable {
    case draft, running, stopped

    public enum Action: String, Sendable { case start, stop, edit }

    /// The state after `action`, or nil when the action is not allowed in this state.
    public func applying(_ action: Action) -> ExperimentStatus? {
        switch (self, action) {
        case (.draft, .start): .running
        case (.running, .stop): .stopped
        case (.draft, .edit): .draft
        default: nil
        }
    }
}

public enum MetricType: String, Sendable, Codable, CaseIterable {
    /// 0 or 1 per learner: converted at least once after exposure.
    case conversion
    /// A number per learner (the mean of their values after exposure).
    case numeric
    /// Milliseconds per learner (the mean of their durations after exposure).
    case duration
}

public enum MetricGoal: String, Sendable, Codable, CaseIterable { case maximize, minimize }

/// Where a metric's values come from: the learners' own `POST /experiments/{key}/events`, or
/// events the server recorded itself (which a client cannot forge into an experiment).
public enum MetricSource: String, Sendable, Codable, CaseIterable {
    case events
    /// Conversion: the learner completed a lesson after exposure.
    case lessonCompletion = "lesson_completion"
    /// Numeric: the learner's quiz scores after exposure (the score of `lesson_completed` events).
    case quizScore = "quiz_score"
    /// Duration: the time the learner spent on lessons they completed after exposure.
    case timeToComplete = "time_to_complete"

    /// The only metric type that makes sense for a server-side source.
    public var requiredType: MetricType? {
        switch self {
        case .events: nil
        case .lessonCompletion: .conversion
        case .quizScore: .numeric
        case .timeToComplete: .duration
        }
    }
}

public struct VariantDefinition: Sendable, Equatable, Codable {
    public var key: String
    public var weight: Double
    public init(key: String, weight: Double) {
        self.key = key
        self.weight = weight
    }
}

public struct MetricDefinition: Sendable, Equatable, Codable {
    public var name: String
    public var type: MetricType
    public var goal: MetricGoal
    public var primary: Bool
    public var source: MetricSource

    public init(name: String, type: MetricType, goal: MetricGoal = .maximize, primary: Bool = false, source: MetricSource = .events) {
        self.name = name
        self.type = type
        self.goal = goal
        self.primary = primary
        self.source = source
    }
}

/// A design rule broken, with the API's error code.
public struct ExperimentDesignError: Error, Sendable, Equatable {
    public let code: String
    public let message: String
}

public enum ExperimentDesign {
    public static let keyPattern = "1–64 characters of a–z, 0–9, '-' and '_'"
    public static let maxVariants = 10
    public static let maxMetrics = 20

    public static func isValidKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count) && key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }

    /// Checks variants and metrics: 2–10 variants with unique keys and positive weights summing to
    /// 1 (± 1e-6), 1–20 metrics with unique names, exactly one primary, server sources with their type.
    public static func validate(variants: [VariantDefinition], metrics: [MetricDefinition]) throws(ExperimentDesignError) {
        guard (2...maxVariants).contains(variants.count) else {
            throw ExperimentDesignError(code: "invalid_variants", message: "an experiment needs 2 to \(maxVariants) variants; the first is the control")
        }
        for variant in variants where !isValidKey(variant.key) {
            throw ExperimentDesignError(code: "invalid_variant_key", message: "variant key '\(variant.key)' must be \(keyPattern)")
        }
        if Set(variants.map(\.key)).count != variants.count {
            throw ExperimentDesignError(code: "duplicate_variant", message: "variant keys must be unique")
        }
        guard variants.allSatisfy({ $0.weight.isFinite && $0.weight > 0 && $0.weight <= 1 }) else {
            throw ExperimentDesignError(code: "invalid_weights", message: "every weight must be a number in (0, 1]")
        }
        let total = variants.reduce(0) { $0 + $1.weight }
        guard abs(total - 1) <= 1e-6 else {
            throw ExperimentDesignError(code: "invalid_weights", message: "weights must sum to 1 (they sum to \(total))")
        }
        guard (1...maxMetrics).contains(metrics.count) else {
            throw ExperimentDesignError(code: "invalid_metrics", message: "an experiment needs 1 to \(maxMetrics) metrics")
        }
        for metric in metrics where !isValidKey(metric.name) {
            throw ExperimentDesignError(code: "invalid_metric_name", message: "metric name '\(metric.name)' must be \(keyPattern)")
        }
        if Set(metrics.map(\.name)).count != metrics.count {
            throw ExperimentDesignError(code: "duplicate_metric", message: "metric names must be unique")
        }
        guard metrics.filter(\.primary).count == 1 else {
            throw ExperimentDesignError(code: "invalid_primary_metric", message: "exactly one metric must be primary")
        }
        for metric in metrics {
            if let required = metric.source.requiredType, required != metric.type {
                throw ExperimentDesignError(code: "invalid_metric_type",
                                            message: "metric '\(metric.name)' from \(metric.source.rawValue) must have type \(required.rawValue)")
            }
        }
    }

    /// Bounds on one value a learner reports for a metric of `type`.
    public static func validate(value: Double, for metric: MetricDefinition) throws(ExperimentDesignError) {
        let ok: Bool = switch metric.type {
        case .conversion: value == 0 || value == 1
        case .numeric: value.isFinite && abs(value) <= 1e9
        case .duration: value.isFinite && value >= 0 && value <= 30 * 86_400_000
        }
        guard ok else {
            let rule = switch metric.type {
            case .conversion: "0 or 1"
            case .numeric: "a finite number of magnitude at most 1e9"
            case .duration: "a duration in milliseconds from 0 to 30 days"
            }
            throw ExperimentDesignError(code: "invalid_value", message: "metric '\(metric.name)' takes \(rule)")
        }
    }
}
