import Metrics

/// `wave3_cache_requests_total{cache, result}` in `/metrics`: `hit`, `miss`, and `error` (the cache
/// failed or was bypassed while its store is unreachable; the request was served from the database).
/// `wave3_cache_invalidations_total{cache}` counts scopes dropped by this replica.
struct CacheMetrics: Sendable {
    let hits: Counter
    let misses: Counter
    let errors: Counter
    let invalidations: Counter

    init(cache: String) {
        // Touching the registry first guarantees swift-metrics is bootstrapped before the counters bind.
        _ = Observability.registry
        hits = Counter(label: "wave3_cache_requests_total", dimensions: [("cache", cache), ("result", "hit")])
        misses = Counter(label: "wave3_cache_requests_total", dimensions: [("cache", cache), ("result", "miss")])
        errors = Counter(label: "wave3_cache_requests_total", dimensions: [("cache", cache), ("result", "error")])
        invalidations = Counter(label: "wave3_cache_invalidations_total", dimensions: [("cache", cache)])
    }

    func count(_ lookup: CacheLookup) {
        if lookup.value != nil { hits.increment() } else if lookup.generation == nil { errors.increment() } else { misses.increment() }
    }
}
