import DatabaseLayer
import LearningCore
import SQLKit

extension ExperimentRepository {
    /// The randomised, exposed, non-excluded learners: who the statistics are about.
    static let population = "a.exposed_at IS NOT NULL AND a.excluded = 0 AND a.forced = 0"

    /// Per variant and metric, the sums the statistics need, aggregated in SQL: one query for the
    /// exposures (and the covariate), one for every client-reported metric, one per server-sourced
    /// metric. Values recorded after `until` (the stop time) are left out.
    public func aggregates(key: String, metrics: [MetricDefinition], until: Int64?) async throws -> ExperimentAggregates {
        struct Exposure { var n = 0; var sx = 0.0; var sxx = 0.0 }
        var exposures: [String: Exposure] = [:]
        for row in try await database.sql.raw("""
            SELECT a.variant AS variant, COUNT(*) AS n, COALESCE(SUM(a.pre_activity), 0.0) AS sx,
                   COALESCE(SUM(a.pre_activity * a.pre_activity), 0.0) AS sxx
            FROM experiment_assignments a WHERE a.experiment_key = \(bind: key) AND \(unsafeRaw: Self.population)
            GROUP BY a.variant
            """).all() {
            exposures[try row.decode(column: "variant", as: String.self)] = Exposure(
                n: try row.decode(column: "n", as: Int.self), sx: try row.decode(column: "sx", as: Double.self), sxx: try row.decode(column: "sxx", as: Double.self))
        }
        var samples: [String: [String: SampleSummary]] = [:]
        let byName = Dictionary(metrics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        // Client-reported metrics: one row per learner already folded in experiment_learner_metrics,
        // which carries the learner's variant and covariate, so this is one scan with no join.
        if metrics.contains(where: { $0.source == .events }) {
            for row in try await database.sql.raw("""
                SELECT variant, metric, COUNT(*) AS n,
                       SUM(total / count) AS sy, SUM((total / count) * (total / count)) AS syy,
                       SUM(pre_activity) AS sx, SUM(pre_activity * pre_activity) AS sxx,
                       SUM(pre_activity * (total / count)) AS sxy,
                       SUM(CASE WHEN maximum > 0 THEN 1 ELSE 0 END) AS conversions,
                       SUM(CASE WHEN maximum > 0 THEN pre_activity ELSE 0.0 END) AS sxc
                FROM experiment_learner_metrics
                WHERE experiment_key = \(bind: key) AND counted = 1
                GROUP BY variant, metric
                """).all() {
                let variant = try row.decode(column: "variant", as: String.self), name = try row.decode(column: "metric", as: String.self)
                guard let metric = byName[name], metric.source == .events else { continue }
                if metric.type == .conversion {
                    // Every exposed learner is an observation; those who reported nothing did not convert.
                    let exposure = exposures[variant] ?? Exposure()
                    let conversions = Double(try row.decode(column: "conversions", as: Int.self))
                    samples[name, default: [:]][variant] = SampleSummary(
                        n: Double(exposure.n), sum: conversions, sumSquares: conversions, covariateSum: exposure.sx,
                        covariateSumSquares: exposure.sxx, crossSum: try row.decode(column: "sxc", as: Double.self))
                } else {
                    samples[name, default: [:]][variant] = try Self.summary(row)
                }
            }
        }

        // Server-sourced metrics: from progress_events recorded (by the server's clock) after exposure.
        for metric in metrics where metric.source != .events {
            let (value, filter) = Self.serverMetric(metric.source)
            for row in try await database.sql.raw("""
                SELECT a.variant AS variant, COUNT(*) AS n, SUM(l.y) AS sy, SUM(l.y * l.y) AS syy,
                       SUM(a.pre_activity) AS sx, SUM(a.pre_activity * a.pre_activity) AS sxx, SUM(a.pre_activity * l.y) AS sxy
                FROM experiment_assignments a
                JOIN (SELECT e.user_id AS user_id, \(unsafeRaw: value) AS y
                      FROM progress_events e
                      JOIN experiment_assignments x ON x.learner_id = e.user_id AND x.experiment_key = \(bind: key)
                      WHERE x.exposed_at IS NOT NULL AND e.recorded_at >= x.exposed_at AND e.recorded_at <= \(bind: until ?? Int64.max)
                        AND \(unsafeRaw: filter)
                      GROUP BY e.user_id) l ON l.user_id = a.learner_id
                WHERE a.experiment_key = \(bind: key) AND \(unsafeRaw: Self.population)
                GROUP BY a.variant
                """).all() {
                let variant = try row.decode(column: "variant", as: String.self)
                var summary = try Self.summary(row)
                if metric.type == .conversion {
                    let exposure = exposures[variant] ?? Exposure()
                    summary = SampleSummary(n: Double(exposure.n), sum: summary.sum, sumSquares: summary.sumSquares, covariateSum: exposure.sx,
                                            covariateSumSquares: exposure.sxx, crossSum: summary.crossSum)
                }
                samples[metric.name, default: [:]][variant] = summary
            }
        }
        // A conversion metric nobody converted on still has every exposed learner as a zero.
        for metric in metrics where metric.type == .conversion {
            for (variant, exposure) in exposures where samples[metric.name]?[variant] == nil {
                samples[metric.name, default: [:]][variant] = SampleSummary(n: Double(exposure.n), sum: 0, sumSquares: 0, covariateSum: exposure.sx,
                                                                            covariateSumSquares: exposure.sxx, crossSum: 0)
            }
        }
        return ExperimentAggregates(assigned: exposures.mapValues(\.n), samples: samples)
    }

    static func summary(_ row: any SQLRow) throws -> SampleSummary {
        SampleSummary(n: Double(try row.decode(column: "n", as: Int.self)), sum: try row.decode(column: "sy", as: Double.self),
                      sumSquares: try row.decode(column: "syy", as: Double.self), covariateSum: try row.decode(column: "sx", as: Double.self),
                      covariateSumSquares: try row.decode(column: "sxx", as: Double.self), crossSum: try row.decode(column: "sxy", as: Double.self))
    }

    /// The per-learner value and the event filter of a server-sourced metric.
    static func serverMetric(_ source: MetricSource) -> (value: String, filter: String) {
        switch source {
        case .lessonCompletion: ("MAX(CAST(1 AS DOUBLE PRECISION))", "e.type = 'lesson_completed'")
        case .quizScore: ("AVG(CAST(e.score AS DOUBLE PRECISION))", "e.score IS NOT NULL AND e.type IN ('lesson_completed', 'quiz_attempt')")
        case .timeToComplete: ("AVG(CAST(e.duration_ms AS DOUBLE PRECISION))", "e.duration_ms IS NOT NULL AND e.type = 'lesson_completed'")
        case .events: ("NULL", "1 = 0")
        }
    }
}
