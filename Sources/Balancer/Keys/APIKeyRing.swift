import NIOConcurrencyHelpers

/// The issued keys this balancer knows, shared by the admin API and the refresh task. The request
/// path never reads it: each loop gets an `APIKeyTable` copy when it changes.
public final class APIKeyRing: Sendable {
    private struct State {
        var records: [String: APIKeyRecord] = [:]
        /// Bumped by every local change, so a refresh read before it cannot undo it.
        var generation = 0
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    public var all: [APIKeyRecord] { state.withLockedValue { Array($0.records.values) }.sorted { ($0.createdAtMs, $0.id) < ($1.createdAtMs, $1.id) } }

    public func record(id: String) -> APIKeyRecord? { state.withLockedValue { $0.records[id] } }

    public func insert(_ record: APIKeyRecord) {
        state.withLockedValue {
            $0.records[record.id] = record
            $0.generation += 1
        }
    }

    @discardableResult
    public func remove(id: String) -> APIKeyRecord? {
        state.withLockedValue {
            $0.generation += 1
            return $0.records.removeValue(forKey: id)
        }
    }

    public var generation: Int { state.withLockedValue { $0.generation } }

    /// Replaces the set with what the database held when `generation` was current; true when
    /// anything changed. A local issue or revoke since then wins until the next refresh.
    public func replaceAll(_ fresh: [APIKeyRecord], readAt generation: Int? = nil) -> Bool {
        let next = Dictionary(fresh.filter { $0.revokedAtMs == nil }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return state.withLockedValue { s in
            if let generation, generation != s.generation { return false }
            guard s.records != next else { return false }
            s.records = next
            return true
        }
    }

    public var table: APIKeyTable { APIKeyTable(all) }

    /// Limit overrides carried by keys (premium or VIP keys, or a custom multiplier).
    public var vipEntries: [String: VIPEntry] {
        var out: [String: VIPEntry] = [:]
        for r in all { if let e = r.vipEntry { out[r.clientKey] = e } }
        return out
    }
}
