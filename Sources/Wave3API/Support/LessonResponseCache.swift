import NIOCore

/// An encoded response body with its validator.
struct CachedResponse: Sendable {
    let body: ByteBuffer
    let etag: String
}

/// Where encoded lesson responses are cached: the process-local `LessonCache`, or a shared cache
/// in front of it. Misses and failures both answer nil: a cache never fails a read.
protocol LessonResponseCache: Sendable {
    func get(_ key: String) async -> CachedResponse?
    func put(_ key: String, _ response: CachedResponse) async
    func invalidate(_ key: String) async
    func invalidateAll() async
}
