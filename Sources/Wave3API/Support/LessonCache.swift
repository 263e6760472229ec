import Foundation
import NIOCore
import Synchronization

/// Encoded single-lesson responses, so a hot read is one dictionary lookup and no database trip.
///
/// Writes through this replica invalidate at once; other replicas' writes are seen within `ttl`
/// (the price of a process-local cache; a shared cache is the Redis issue's to add).
final class LessonCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let etag: String
        let expires: UInt64
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let ttlNanos: UInt64
    private let capacity: Int

    init(ttl: Duration = .seconds(2), capacity: Int = 10_000) {
        self.ttlNanos = UInt64(ttl.components.seconds) * 1_000_000_000 + UInt64(ttl.components.attoseconds / 1_000_000_000)
        self.capacity = capacity
    }

    func get(_ id: String) -> Entry? {
        let now = DispatchTime.now().uptimeNanoseconds
        return entries.withLock { entries in
            guard let entry = entries[id], entry.expires > now else { return nil }
            return entry
        }
    }

    func put(_ id: String, body: ByteBuffer, etag: String) {
        let entry = Entry(body: body, etag: etag, expires: DispatchTime.now().uptimeNanoseconds + ttlNanos)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = entry
        }
    }

    func invalidate(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    func invalidateAll() {
        entries.withLock { $0.removeAll() }
    }
}
