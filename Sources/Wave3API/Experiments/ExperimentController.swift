import Foundation
import Hummingbird
import LearningCore
import Storage

/// A/B testing (API.md `/experiments…`, docs/experiments.md): admins define, start, stop, force or
/// exclude and read results; learners get their sticky variant and report values.
struct ExperimentController {
    let service: ExperimentService
    let users: UserRepository
    let maxBodySize: Int

    static let maxNameLength = 200
    static let maxDescriptionLength = 5_000
    static let maxConfigBytes = 16_384

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("experiments", use: create)
        group.get("experiments", use: list)
        group.get("experiments/:key", use: show)
        group.put("experiments/:key", use: update)
        group.post("experiments/:key/start", use: start)
        group.post("experiments/:key/stop", use: stop)
        group.get("experiments/:key/assignment", use: assignment)
        group.post("experiments/:key/events", use: event)
        group.get("experiments/:key/results", use: results)
        group.put("experiments/:key/overrides/:learnerId", use: setOverride)
        group.delete("experiments/:key/overrides/:learnerId", use: clearOverride)
    }

    // MARK: admin

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ExperimentResponse> {
        _ = try context.requireAdmin()
        let (input, _) = try await request.decodeJSON(ExperimentInput.self, context: context, limit: maxBodySize)
        guard let key = input.key, ExperimentDesign.isValidKey(key) else {
            throw APIError.unprocessable("invalid_key", "key must be \(ExperimentDesign.keyPattern)")
        }
        let (variants, metrics) = try validate(input)
        let record = ExperimentRecord(key: key, name: input.name, description: input.description ?? "", status: .draft,
                                      variants: variants, metrics: metrics, createdAt: Timestamp.nowMillis())
        do {
            try await service.repository.create(record)
        } catch DatabaseError.conflict {
            throw APIError(.conflict, "duplicate_key", "an experiment with key '\(key)' already exists")
        }
        return EditedResponse(status: .created, response: try Experiment(record).response)
    }

    struct ListResponse: ResponseEncodable { let items: [ExperimentResponse] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ListResponse {
        _ = try context.requireAdmin()
        var status: ExperimentStatus?
        if let raw = request.rawQuery("status") {
            guard let parsed = ExperimentStatus(rawValue: raw) else {
                throw APIError.badRequest("invalid_status", "status must be draft, running or stopped")
            }
            status = parsed
        }
        return ListResponse(items: try await service.repository.list(status: status).map { try Experiment($0).response })
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ExperimentResponse {
        _ = try context.requireAdmin()
        return try await service.experiment(try context.parameters.require("key")).response
    }

    /// Edits a draft. A running or stopped experiment's definition is frozen: changing its variants
    /// would reshuffle learners already exposed.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> ExperimentResponse {
        _ = try context.requireAdmin()
        let existing = try await service.experiment(try context.parameters.require("key"))
        let (input, _) = try await request.decodeJSON(ExperimentInput.self, context: context, limit: maxBodySize)
        if let key = input.key, key != existing.record.key {
            throw APIError.unprocessable("key_mismatch", "the body's key does not match the path")
        }
        let (variants, metrics) = try validate(input)
        guard existing.record.status.applying(.edit) != nil,
              try await service.repository.updateDraft(key: existing.record.key, name: input.name, description: input.description ?? "",
                                                       variants: variants, metrics: metrics) else {
            throw APIError(.conflict, "experiment_not_editable", "only a draft can be edited; '\(existing.record.key)' is \(existing.record.status.rawValue)")
        }
        return try await service.experiment(existing.record.key).response
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> ExperimentResponse {
        try await transition(request, context: context, action: .start)
    }

    @Sendable func stop(_ request: Request, context: AppRequestContext) async throws -> ExperimentResponse {
        try await transition(request, context: context, action: .stop)
    }

    func transition(_ request: Request, context: AppRequestContext, action: ExperimentStatus.Action) async throws -> ExperimentResponse {
        _ = try context.requireAdmin()
        let experiment = try await service.experiment(try context.parameters.require("key"))
        let from = experiment.record.status
        guard let to = from.applying(action),
              try await service.repository.transition(key: experiment.record.key, from: from, to: to, at: Timestamp.nowMillis()) else {
            let current = try await service.experiment(experiment.record.key).record.status
            throw APIError(.conflict, "invalid_transition", "cannot \(action.rawValue) experiment '\(experiment.record.key)': it is \(current.rawValue)"
                + (action == .start ? " (only a draft starts)" : " (only a running experiment stops)"))
        }
        return try await service.experiment(experiment.record.key).response
    }

    @Sendable func results(_ request: Request, context: AppRequestContext) async throws -> ExperimentResultsResponse {
        _ = try context.requireAdmin()
        let experiment = try await service.experiment(try context.parameters.require("key"))
        return ExperimentResultsResponse(experiment: experiment.record.key, status: experiment.record.status,
                                         results: try await service.results(experiment))
    }

    @Sendable func setOverride(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let experiment = try await service.experiment(try context.parameters.require("key"))
        let learnerId = try context.parameters.require("learnerId")
        guard experiment.record.status != .stopped else {
            throw APIError(.conflict, "experiment_stopped", "experiment '\(experiment.record.key)' is stopped")
        }
        let (input, _) = try await request.decodeJSON(OverrideInput.self, context: context, limit: maxBodySize)
        let excluded = input.excluded ?? false
        guard (input.variant != nil) != excluded else {
            throw APIError.unprocessable("invalid_override", "send either {\"variant\": key} to force or {\"excluded\": true} to exclude")
        }
        if let variant = input.variant, !experiment.variants.contains(where: { $0.key == variant }) {
            throw APIError.unprocessable("unknown_variant", "experiment '\(experiment.record.key)' has no variant '\(variant)'")
        }
        guard try await users.find(id: learnerId) != nil else { throw APIError.notFound("learner '\(learnerId)'") }
        try await service.repository.setOverride(key: experiment.record.key, learnerId: learnerId, variant: input.variant, excluded: excluded)
        return Response(status: .noContent)
    }

    @Sendable func clearOverride(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let experiment = try await service.experiment(try context.parameters.require("key"))
        guard try await service.repository.clearOverride(key: experiment.record.key, learnerId: try context.parameters.require("learnerId")) else {
            throw APIError.notFound("override")
        }
        return Response(status: .noContent)
    }

    // MARK: learners

    @Sendable func assignment(_ request: Request, context: AppRequestContext) async throws -> AssignmentResponse {
        let identity = try context.requireIdentity()
        return try await service.assign(try await service.experiment(try context.parameters.require("key")), learnerId: identity.userId)
    }

    /// A learner reports a value. The variant is the server's record of the learner's exposure,
    /// never the client's word; server-sourced metrics (lesson completion, quiz score, time to
    /// complete) come from the server's own events and cannot be reported.
    @Sendable func event(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<EventResponse> {
        let identity = try context.requireIdentity()
        let experiment = try await service.experiment(try context.parameters.require("key"))
        let (input, _) = try await request.decodeJSON(EventInput.self, context: context, limit: maxBodySize)
        guard let metric = experiment.metrics.first(where: { $0.name == input.metric }) else {
            throw APIError.unprocessable("unknown_metric", "experiment '\(experiment.record.key)' has no metric '\(input.metric)'")
        }
        guard metric.source == .events else {
            throw APIError.unprocessable("metric_not_reportable", "metric '\(metric.name)' is measured by the server from \(metric.source.rawValue) events")
        }
        do { try ExperimentDesign.validate(value: input.value, for: metric) } catch { throw APIError.unprocessable(error.code, error.message) }
        guard experiment.record.status == .running else {
            throw APIError(.conflict, "experiment_not_running", "experiment '\(experiment.record.key)' is \(experiment.record.status.rawValue): it takes no events")
        }
        guard let row = try await service.repository.assignment(key: experiment.record.key, learnerId: identity.userId), row.exposedAt != nil, !row.excluded else {
            throw APIError(.conflict, "not_exposed", "you have not been exposed to experiment '\(experiment.record.key)' (GET its assignment first)")
        }
        if let claimed = input.variant, claimed != row.variant {
            throw APIError(.conflict, "variant_mismatch", "you are not in variant '\(claimed)' of experiment '\(experiment.record.key)'")
        }
        switch try await service.repository.recordEvent(key: experiment.record.key, learnerId: identity.userId, metric: metric.name,
                                                        value: input.value, at: Timestamp.nowMillis()) {
        case .recorded:
            return EditedResponse(status: .created, response: EventResponse(experiment: experiment.record.key, metric: metric.name, variant: row.variant, value: input.value))
        case .notRunning:
            throw APIError(.conflict, "experiment_not_running", "experiment '\(experiment.record.key)' stopped: it takes no events")
        case .notExposed:
            throw APIError(.conflict, "not_exposed", "you are not counted in experiment '\(experiment.record.key)'")
        }
    }

    // MARK: validation

    /// Checks the definition and returns the JSON documents to store.
    func validate(_ input: ExperimentInput) throws -> (variants: String, metrics: String) {
        guard TextRule.isNonBlank(input.name, max: Self.maxNameLength) else {
            throw APIError.unprocessable("invalid_name", "name must be 1 to \(Self.maxNameLength) characters")
        }
        guard TextRule.length(input.description ?? "") <= Self.maxDescriptionLength else {
            throw APIError.unprocessable("invalid_description", "description must be at most \(Self.maxDescriptionLength) characters")
        }
        do {
            try ExperimentDesign.validate(variants: input.variants.map { VariantDefinition(key: $0.key, weight: $0.weight) },
                                          metrics: input.metrics.map(\.definition))
        } catch {
            throw APIError.unprocessable(error.code, error.message)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for variant in input.variants where (try encoder.encode(variant.config)).count > Self.maxConfigBytes {
            throw APIError.unprocessable("invalid_config", "variant '\(variant.key)' config exceeds \(Self.maxConfigBytes) bytes")
        }
        let metrics = input.metrics.map { metric in
            let definition = metric.definition
            return MetricPayload(name: definition.name, type: definition.type, goal: definition.goal, primary: definition.primary, source: definition.source)
        }
        return (String(decoding: try encoder.encode(input.variants), as: UTF8.self), String(decoding: try encoder.encode(metrics), as: UTF8.self))
    }
}

extension ExperimentResponse: ResponseEncodable {}
extension AssignmentResponse: ResponseEncodable {}
extension EventResponse: ResponseEncodable {}
extension ExperimentResultsResponse: ResponseEncodable {}
