import Hummingbird
import Prometheus
import Storage

/// `/health/live`, `/health/ready`, `/metrics`: outside `/api/v1`, for orchestrators and Prometheus.
struct HealthController {
    let database: Database
    let registry: PrometheusCollectorRegistry
    let migrator: Migrator
    /// Optional dependencies (Redis) reported in /health/ready without taking the replica out.
    var degradations: @Sendable () -> [String: String] = { [:] }

    struct Status: ResponseEncodable { let status: String; var checks: [String: String]? = nil }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health/live") { _, _ in Status(status: "ok") }
        router.get("health/ready", use: ready)
        router.get("metrics", use: metrics)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Status> {
        do {
            try await database.ping()
        } catch {
            context.logger.failure("readiness check failed", error: error)
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "unavailable", checks: ["database": "unreachable"]))
        }
        // A replica on a schema older than its code would answer 500s: keep it out of rotation
        // until `wave3 migrate` has run.
        let schema: String
        do {
            let pending = try await migrator.pending(database)
            schema = pending.isEmpty ? "ok" : "\(pending.count) migrations pending: run `wave3 migrate`"
        } catch {
            schema = String(describing: error)
        }
        let ready = schema == "ok"
        return EditedResponse(status: ready ? .ok : .serviceUnavailable,
                              response: Status(status: ready ? "ready" : "unavailable",
                                               checks: ["database": "ok", "schema": schema].merging(degradations()) { old, _ in old }))
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
