import NIOCore

/// An encoded lesson response with its validator, as the lesson cache keeps it.
struct CachedResponse: Sendable {
    let body: ByteBuffer
    let etag: String
}
