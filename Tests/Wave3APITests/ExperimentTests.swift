import Foundation
import HTTPTypes
import HummingbirdTesting
import LearningCore
import Testing
@testable import Storage
@testable import Wave3API

/// A/B testing through the API (issue 13): lifecycle, bad input, sticky assignment, what a lying
/// client gets, results aggregated by the database, and the recommendation algorithm chosen by a
/// running experiment.
@Suite struct ExperimentTests {
    static func body(key: String = "exp", weights: [Double] = [0.5, 0.5], variants: [String] = ["control", "treatment"],
                     configs: [String]? = nil, metrics: String? = nil) -> String {
        let parts = zip(variants, weights).enumerated().map { index, pair in
            #"{"key":"\#(pair.0)","weight":\#(pair.1),"config":\#(configs?[index] ?? #"{"color":"\#(pair.0)"}"#)}"#
        }
        let metricList = metrics ?? #"[{"name":"converted","type":"conversion","goal":"maximize","primary":true},{"name":"score","type":"numeric"},{"name":"completion","type":"conversion","source":"lesson_completion"}]"#
        return #"{"key":"\#(key)","name":"Test","description":"d","variants":[\#(parts.joined(separator: ","))],"metrics":\#(metricList)}"#
    }

    @Test func lifecycleAndBadInput() async throws {
        try await TestEnvironment.withApp { client, services in
            let admin = try await client.admin(services)
            let learner = try await client.register("l@example.org")
            #expect(try await client.send(.post, "/api/v1/experiments", token: learner.token, json: Self.body()).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/experiments", json: Self.body()).status == .unauthorized)
            let created = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: Self.body())
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["status"] as? String == "draft")
            let duplicate = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: Self.body())
            #expect(duplicate.status == .conflict && duplicate.errorCode == "duplicate_key")
            let bad: [(String, String)] = [
                (Self.body(key: "b1", weights: [0.5, 0.6]), "invalid_weights"),
                (Self.body(key: "b2", variants: ["a", "a"]), "duplicate_variant"),
                (Self.body(key: "Bad Key!"), "invalid_key"),
                (Self.body(key: "b3", metrics: #"[{"name":"x","type":"numeric"}]"#), "invalid_primary_metric"),
                (Self.body(key: "b4", metrics: #"[{"name":"x","type":"numeric","primary":true,"source":"lesson_completion"}]"#), "invalid_metric_type"),
                (Self.body(key: "b5", weights: [1], variants: ["only"]), "invalid_variants"),
            ]
            for (json, code) in bad {
                let response = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: json)
                #expect(response.status == .unprocessableContent && response.errorCode == code, "\(code): \(response.text)")
            }
            let wrongType = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: #"{"key":"x","name":"n","variants":"no","metrics":[]}"#)
            #expect(wrongType.status == .badRequest && wrongType.errorCode == "invalid_body")
            #expect(try await client.send(.get, "/api/v1/experiments/nope", token: admin.token).status == .notFound)

            // A draft can be edited; a running one cannot; starting twice and stopping a draft are refused.
            let edited = try await client.send(.put, "/api/v1/experiments/exp", token: admin.token, json: Self.body(weights: [0.4, 0.6]))
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/stop", token: admin.token).errorCode == "invalid_transition")
            let started = try await client.send(.post, "/api/v1/experiments/exp/start", token: admin.token)
            #expect(started.status == .ok && started.json["status"] as? String == "running" && started.json["startedAt"] is String)
            let again = try await client.send(.post, "/api/v1/experiments/exp/start", token: admin.token)
            #expect(again.status == .conflict && again.errorCode == "invalid_transition")
            let frozen = try await client.send(.put, "/api/v1/experiments/exp", token: admin.token, json: Self.body())
            #expect(frozen.status == .conflict && frozen.errorCode == "experiment_not_editable")
            let list = try await client.send(.get, "/api/v1/experiments?status=running", token: admin.token)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["key"] as? String } == ["exp"])
            #expect(try await client.send(.get, "/api/v1/experiments?status=paused", token: admin.token).errorCode == "invalid_status")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/stop", token: admin.token).json["status"] as? String == "stopped")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/start", token: admin.token).errorCode == "invalid_transition")
        }
    }

    @Test func assignmentIsStickyAndALyingClientGetsNothing() async throws {
        try await TestEnvironment.withApp { client, services in
            let admin = try await client.admin(services)
            let learner = try await client.register("l@example.org")
            let other = try await client.register("o@example.org")
            _ = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: Self.body())
            let early = try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token)
            #expect(early.status == .conflict && early.errorCode == "experiment_not_running")
            _ = try await client.send(.post, "/api/v1/experiments/exp/start", token: admin.token)
            let first = try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token)
            #expect(first.status == .ok, "\(first.text)")
            let variant = try #require(first.json["variant"] as? String)
            #expect((first.json["config"] as? [String: Any])?["color"] as? String == variant)
            let expected = VariantAssignment(weights: [0.5, 0.5]).variantIndex(experimentKey: "exp", learnerId: learner.userId)
            #expect(variant == ["control", "treatment"][expected], "the hash decides, the same on every replica")
            for _ in 0..<3 { #expect(try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token).json["variant"] as? String == variant) }

            // Not exposed, wrong variant, unknown metric, a server-measured metric, a bad value.
            let unexposed = try await client.send(.post, "/api/v1/experiments/exp/events", token: other.token, json: #"{"metric":"converted","value":1}"#)
            #expect(unexposed.status == .conflict && unexposed.errorCode == "not_exposed")
            let otherVariant = variant == "control" ? "treatment" : "control"
            let lying = try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token,
                                              json: #"{"metric":"converted","value":1,"variant":"\#(otherVariant)"}"#)
            #expect(lying.status == .conflict && lying.errorCode == "variant_mismatch")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"nope","value":1}"#).errorCode == "unknown_metric")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"completion","value":1}"#).errorCode == "metric_not_reportable")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"converted","value":7}"#).errorCode == "invalid_value")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"converted","value":"1"}"#).errorCode == "invalid_body")
            let recorded = try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"converted","value":1}"#)
            #expect(recorded.status == .created && recorded.json["variant"] as? String == variant, "\(recorded.text)")
            // Sending it many times still counts one learner once.
            for _ in 0..<5 { _ = try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"converted","value":1}"#) }

            // Admin overrides: exclude the other learner, force the learner's variant the other way.
            #expect(try await client.send(.put, "/api/v1/experiments/exp/overrides/\(other.userId)", token: admin.token, json: #"{"excluded":true}"#).status == .noContent)
            let excluded = try await client.send(.get, "/api/v1/experiments/exp/assignment", token: other.token)
            #expect(excluded.json["excluded"] as? Bool == true && excluded.json["variant"] as? String == "control")
            #expect(try await client.send(.post, "/api/v1/experiments/exp/events", token: other.token, json: #"{"metric":"converted","value":1}"#).errorCode == "not_exposed")
            #expect(try await client.send(.put, "/api/v1/experiments/exp/overrides/\(other.userId)", token: admin.token, json: #"{"variant":"zzz"}"#).errorCode == "unknown_variant")
            #expect(try await client.send(.put, "/api/v1/experiments/exp/overrides/\(other.userId)", token: learner.token, json: #"{"excluded":true}"#).status == .forbidden)

            let results = try await client.send(.get, "/api/v1/experiments/exp/results", token: admin.token)
            #expect(results.status == .ok, "\(results.text)")
            let metrics = try #require(results.json["metrics"] as? [[String: Any]])
            let converted = try #require(metrics.first { $0["name"] as? String == "converted" }?["variants"] as? [[String: Any]])
            let row = try #require(converted.first { $0["variant"] as? String == variant })
            #expect(row["n"] as? Int == 1 && row["mean"] as? Double == 1, "one exposed learner, converted once: \(row)")
            #expect(converted.map { $0["n"] as? Int ?? -1 }.reduce(0, +) == 1, "the excluded learner counts nowhere")
            #expect((results.json["srm"] as? [String: Any])?["mismatch"] as? Bool == false)
            #expect(try await client.send(.get, "/api/v1/experiments/exp/results", token: learner.token).status == .forbidden)

            // Forcing the learner into the other variant: they see it, and their values leave the statistics.
            #expect(try await client.send(.put, "/api/v1/experiments/exp/overrides/\(learner.userId)", token: admin.token,
                                          json: #"{"variant":"\#(otherVariant)"}"#).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token).json["variant"] as? String == otherVariant)
            let afterForce = try await services.experiments.results(try await services.experiments.experiment("exp"))
            #expect(afterForce.metrics[0].variants.map(\.n).reduce(0, +) == 0, "forced learners were not randomised")
            #expect(try await client.send(.delete, "/api/v1/experiments/exp/overrides/\(learner.userId)", token: admin.token).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/experiments/exp/overrides/\(learner.userId)", token: admin.token).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token).json["variant"] as? String == variant,
                    "back to the hash's choice")

            _ = try await client.send(.post, "/api/v1/experiments/exp/stop", token: admin.token)
            let late = try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"converted","value":1}"#)
            #expect(late.status == .conflict && late.errorCode == "experiment_not_running")
        }
    }

    @Test func serverEventsCountOnlyAfterExposureAndStatisticsComeFromSQL() async throws {
        try await TestEnvironment.withApp { client, services in
            try await LearningTests.seedLesson(services)
            let admin = try await client.admin(services)
            _ = try await client.send(.post, "/api/v1/experiments", token: admin.token, json: Self.body())
            // Progress before the experiment starts: pre-period activity (CUPED's covariate), not a conversion.
            var learners: [Session] = []
            for index in 0..<8 {
                let learner = try await client.register("r\(index)@example.org")
                learners.append(learner)
                let before = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_completed","lessonId":"l1"}"#,
                                                   headers: [ProgressController.keyHeader: "before-\(index)"])
                #expect(before.status == .ok, "\(before.text)")
            }
            _ = try await client.send(.post, "/api/v1/experiments/exp/start", token: admin.token)
            var scores: [String: [Double]] = [:], completions: [String: Int] = [:], exposed: [String: Int] = [:]
            for (index, learner) in learners.enumerated() {
                let variant = try #require(try await client.send(.get, "/api/v1/experiments/exp/assignment", token: learner.token).json["variant"] as? String)
                exposed[variant, default: 0] += 1
                let score = Double(10 * index)
                _ = try await client.send(.post, "/api/v1/experiments/exp/events", token: learner.token, json: #"{"metric":"score","value":\#(score)}"#)
                scores[variant, default: []].append(score)
                if index % 2 == 0 {
                    let after = try await client.send(.post, "/api/v1/progress", token: learner.token, json: #"{"type":"lesson_completed","lessonId":"l1"}"#,
                                                      headers: [ProgressController.keyHeader: "after-\(index)"])
                    #expect(after.status == .ok)
                    completions[variant, default: 0] += 1
                }
            }
            let experiment = try await services.experiments.experiment("exp")
            let results = try await services.experiments.results(experiment)
            #expect(results.srm.observed == exposed)
            let score = try #require(results.metrics.first { $0.name == "score" })
            for row in score.variants {
                let values = scores[row.variant] ?? []
                #expect(row.n == values.count)
                if !values.isEmpty { #expect(abs(row.mean - values.reduce(0, +) / Double(values.count)) < 1e-9) }
            }
            let completion = try #require(results.metrics.first { $0.name == "completion" })
            for row in completion.variants {
                #expect(row.n == exposed[row.variant] ?? 0)
                let expected = Double(completions[row.variant] ?? 0) / Double(max(1, exposed[row.variant] ?? 0))
                #expect(abs(row.mean - expected) < 1e-12, "completions before exposure do not count: \(row)")
            }
            #expect(results.comparisons == 3)
            let report = ExperimentReport.render(key: "exp", status: .running, results: results)
            #expect(report.contains("completion (conversion, maximize, from lesson_completion)") && report.contains("SRM"))
        }
    }

    @Test func aRunningExperimentChoosesTheRecommendationAlgorithm() async throws {
        try await TestEnvironment.withApp { client, services in
            try await LearningTests.seedLesson(services)
            let admin = try await client.admin(services)
            let configs = [#"{"algorithm":"prerequisite"}"#, #"{"algorithm":"collaborative"}"#]
            _ = try await client.send(.post, "/api/v1/experiments", token: admin.token,
                                      json: Self.body(key: "recs", variants: ["prerequisite", "collaborative"], configs: configs))
            let learner = try await client.register("rec@example.org")
            let before = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations", token: learner.token)
            #expect(before.json["algorithm"] as? String == "hybrid", "a draft chooses nothing")
            _ = try await client.send(.post, "/api/v1/experiments/recs/start", token: admin.token)
            let chosen = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations", token: learner.token)
            let assignment = try await client.send(.get, "/api/v1/experiments/recs/assignment", token: learner.token)
            #expect(chosen.json["algorithm"] as? String == assignment.json["variant"] as? String, "\(chosen.text)")
            let exposure = try await services.experiments.repository.assignment(key: "recs", learnerId: learner.userId)
            #expect(exposure?.exposedAt != nil, "asking for recommendations is the exposure")
            let explicit = try await client.send(.get, "/api/v1/learners/\(learner.userId)/recommendations?algorithm=popularity", token: learner.token)
            #expect(explicit.json["algorithm"] as? String == "popularity")
        }
    }
}
