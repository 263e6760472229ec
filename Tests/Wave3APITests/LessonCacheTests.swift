import Foundation
import NIOCore
import Testing
@testable import Wave3API

/// The local lesson cache is bounded by bytes and expires on time, whatever keys clients choose.
@Suite struct LessonCacheTests {
    static func body(_ size: Int) -> CachedResponse { CachedResponse(body: ByteBuffer(repeating: 0x61, count: size), etag: "\"e\"") }

    @Test func boundedByBytesWhateverTheKeys() {
        let cache = LessonCache(ttl: .seconds(60), maxBytes: 100_000)
        for index in 0..<10_000 { cache.put("page\(index)", Self.body(1_000)) }
        #expect(cache.bytes <= 100_000)
        #expect(cache.count < 100)
        #expect(cache.get("page9999") != nil, "the newest entries are kept")
        #expect(cache.get("page0") == nil, "the oldest are evicted")
        cache.put("huge", Self.body(50_000))
        #expect(cache.get("huge") == nil, "one body larger than a sixteenth of the budget is not cached")
    }

    @Test func expiredEntriesAreDroppedNotKept() async throws {
        let cache = LessonCache(ttl: .milliseconds(300), maxBytes: 1 << 20)
        for index in 0..<100 { cache.put("k\(index)", Self.body(100)) }
        #expect(cache.count == 100)
        // Wait until the newest has expired (the oldest went first), on the condition with a deadline.
        let deadline = ContinuousClock.now + .seconds(10)
        while cache.get("k99") != nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(cache.get("k99") == nil)
        cache.put("fresh", Self.body(100))
        #expect(cache.count == 1, "a put sweeps what expired before it")
        #expect(cache.bytes < 1_000)
    }

    @Test func replacingAKeyKeepsTheAccountExact() {
        let cache = LessonCache(ttl: .seconds(60), maxBytes: 1 << 20)
        for _ in 0..<1_000 { cache.put("same", Self.body(500)) }
        #expect(cache.count == 1)
        #expect(cache.bytes < 1_000)
        cache.invalidate("same")
        #expect(cache.bytes == 0)
    }
}
