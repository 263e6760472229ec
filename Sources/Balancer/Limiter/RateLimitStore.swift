/// Where limiter state lives. The local store keeps it in this process; a shared store (Redis,
/// a later issue) implements the same call so several balancer replicas enforce one limit.
public protocol RateLimitStore: Sendable {
    func check(key: String, now: Int64, limit: GCRALimit) -> LimitDecision
    func reset(key: String)
    /// Forget clients idle since before `olderThan`, bounding memory under IP churn.
    func evict(olderThan: Int64)
}
