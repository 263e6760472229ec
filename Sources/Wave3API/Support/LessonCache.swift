import Foundation
import NIOCore
import Synchronization

/// Encoded responses in this process: the entry store of the shared caches' embedded twin
/// (`DatabaseSharedCache`), so a hot read is one dictionary lookup and no rebuild.
///
/// Keys include client-chosen cursors and limits, so the cache is bounded by the bytes it holds
/// (not by entry count) and entries expire on time: expired ones are dropped first, then the
/// oldest. Invalidation across replicas is the twin's business (generations in the database).
final class LessonCache: Sendable {
    typealias Entry = CachedResponse

    private struct Stored {
        let response: CachedResponse
        let expires: UInt64
        let size: Int
        let generation: UInt64
    }

    /// Entries by key, and keys in insertion order (equal TTLs make that expiry order too).
    private struct State {
        var entries: [String: Stored] = [:]
        var order: [(key: String, generation: UInt64)] = []
        var head = 0
        var bytes = 0
        var generation: UInt64 = 0

        mutating func remove(_ key: String) {
            if let old = entries.removeValue(forKey: key) { bytes -= old.size }
        }

        /// Drops from the oldest end until `keep` says stop; stale order slots are skipped.
        mutating func dropOldest(while keep: (_ oldest: Stored, _ bytes: Int) -> Bool) {
            while head < order.count {
                let slot = order[head]
                guard let entry = entries[slot.key], entry.generation == slot.generation else { head += 1; continue }
                guard keep(entry, bytes) else { break }
                remove(slot.key)
                head += 1
            }
            if head > 1024 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }

    private let state = Mutex(State())
    private let ttlNanos: UInt64
    let maxBytes: Int
    /// Bodies larger than this are not cached: one huge page must not evict everything else.
    let maxEntryBytes: Int

    init(ttl: Duration = .seconds(2), maxBytes: Int = 16 << 20) {
        self.ttlNanos = UInt64(ttl.components.seconds) * 1_000_000_000 + UInt64(ttl.components.attoseconds / 1_000_000_000)
        self.maxBytes = maxBytes
        self.maxEntryBytes = max(1, maxBytes / 16)
    }

    /// The bytes held now (bodies, validators and keys), for tests and metrics.
    var bytes: Int { state.withLock { $0.bytes } }
    var count: Int { state.withLock { $0.entries.count } }

    func get(_ key: String) -> CachedResponse? {
        let now = DispatchTime.now().uptimeNanoseconds
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                state.remove(key)
                return nil
            }
            return entry.response
        }
    }

    func put(_ key: String, _ response: CachedResponse) {
        let size = response.body.readableBytes + response.etag.utf8.count + key.utf8.count + 64
        guard size <= maxEntryBytes else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            state.remove(key)
            state.dropOldest { oldest, _ in oldest.expires <= now }
            let limit = maxBytes
            state.dropOldest { _, bytes in bytes + size > limit }
            state.generation &+= 1
            state.entries[key] = Stored(response: response, expires: now + ttlNanos, size: size, generation: state.generation)
            state.order.append((key, state.generation))
            state.bytes += size
        }
    }

    func put(_ id: String, body: ByteBuffer, etag: String) {
        put(id, CachedResponse(body: body, etag: etag))
    }

    func invalidate(_ key: String) {
        state.withLock { $0.remove(key) }
    }

    func invalidateAll() {
        state.withLock { $0 = State() }
    }
}
