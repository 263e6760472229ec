import Foundation
import Hummingbird
import LearningCore
import Storage

/// Admin: the stored learning-model versions, activation of any of them, and rollback to the one
/// before the active version.
struct ModelAdminController {
    let models: ModelStore
    let versions: ModelVersionRepository
    let data: LearningDataRepository
    let recommenders: RecommenderCache
    let caches: CacheRuntime

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/models", use: list)
        group.post("admin/models/rollback", use: rollback)
        group.post("admin/models/:id/activate", use: activate)
    }

    struct VersionResponse: ResponseEncodable {
        let id: Int64
        let kind: String
        let createdAt: String
        let active: Bool
        let activatedAt: String?
        let metrics: TrainingReport?

        init(_ record: ModelVersionRecord) {
            id = record.id
            kind = record.kind
            createdAt = ISO8601.string(fromMillis: record.createdAt)
            active = record.active
            activatedAt = record.activatedAt.map(ISO8601.string(fromMillis:))
            metrics = try? JSONDecoder().decode(TrainingReport.self, from: Data(record.metrics.utf8))
        }
    }

    struct VersionList: ResponseEncodable {
        let items: [VersionResponse]
        /// The version this replica serves with; 0 while the untrained defaults are in use.
        let servingVersion: Int64
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> VersionList {
        _ = try context.requireAdmin()
        let limit = try request.intQuery("limit", default: 20, range: 1...100)
        let items = try await versions.list(kind: ModelStore.kind, limit: limit).map(VersionResponse.init)
        return VersionList(items: items, servingVersion: models.current.version ?? 0)
    }

    @Sendable func activate(_ request: Request, context: AppRequestContext) async throws -> VersionResponse {
        _ = try context.requireAdmin()
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw APIError.badRequest("invalid_model_version", "model version id must be a positive integer") }
        return try await switchTo(id)
    }

    @Sendable func rollback(_ request: Request, context: AppRequestContext) async throws -> VersionResponse {
        _ = try context.requireAdmin()
        guard let previous = try await versions.previous(kind: ModelStore.kind) else {
            throw APIError(.conflict, "no_previous_version", "there is no model version older than the active one to roll back to")
        }
        return try await switchTo(previous)
    }

    /// Activates a version and applies it here at once; other replicas follow when told over Redis,
    /// else at their next poll.
    private func switchTo(_ id: Int64) async throws -> VersionResponse {
        let record: ModelVersionRecord
        do {
            record = try await versions.activate(id: id)
        } catch DatabaseError.notFound {
            throw APIError.notFound("model version \(id)")
        }
        try await models.refresh()
        let bundle = models.current.bundle
        try await LessonLevels.apply(bundle, data: data)
        // Posteriors stored under the previous parameters would mix two models.
        try await ModelTrainer.rebuildKnowledge(bundle.tracer, data: data)
        recommenders.invalidate()
        // Levels changed in lesson responses. Recommendation keys carry the version, so replicas
        // still on the old one stay consistent until they reload; the old entries go at once.
        await caches.lessons.invalidate(CacheRuntime.allLessons)
        await caches.recommendations.invalidateAll()
        await caches.announceModelChange(version: id)
        return VersionResponse(record)
    }
}
