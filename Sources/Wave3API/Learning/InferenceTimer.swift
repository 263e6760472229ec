import Dispatch
import Metrics

/// Model inference time per model, as the Prometheus histogram `wave3_model_inference_seconds`
/// (docs/api.md, `GET /metrics`). Only the model's own computation is timed, not the database reads around it.
enum InferenceTimer {
    private static func timer(_ model: String) -> Metrics.Timer {
        // Touching the registry first guarantees swift-metrics is bootstrapped before the timer binds.
        _ = Observability.registry
        return Metrics.Timer(label: "wave3_model_inference_seconds", dimensions: [("model", model)])
    }

    static let mastery = timer("mastery")
    static let difficulty = timer("difficulty")
    static let recommendation = timer("recommendation")

    static func measure<T>(_ timer: Metrics.Timer, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { timer.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start)) }
        return try body()
    }
}
