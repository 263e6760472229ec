import NIOConcurrencyHelpers

/// The embedded twin of the SQL store: same contract, kept in memory (tests, no database).
public final class InMemoryReputationStore: ReputationStore {
    private struct State {
        var events: [ReputationBook.PendingEvent] = []
        var scores: [String: ReputationScore] = [:]
        var anomalies: [Anomaly] = []
        var vips: [String: VIPEntry] = [:]
        var keys: [String: APIKeyRecord] = [:]
    }
    private let state = NIOLockedValueBox(State())

    public init() {}
    public func migrate() async throws {}
    public func append(events: [ReputationBook.PendingEvent]) async throws { state.withLockedValue { $0.events += events } }
    public func upsert(scores: [String: ReputationScore]) async throws {
        state.withLockedValue { s in for (k, v) in scores { s.scores[k] = v } }
    }
    public func loadScores() async throws -> [String: ReputationScore] { state.withLockedValue { $0.scores } }
    public func record(anomaly: Anomaly) async throws { state.withLockedValue { $0.anomalies.append(anomaly) } }
    public func recentAnomalies(limit: Int) async throws -> [Anomaly] {
        state.withLockedValue { Array($0.anomalies.suffix(limit).reversed()) }
    }
    public func setVIP(client: String, entry: VIPEntry?) async throws { state.withLockedValue { $0.vips[client] = entry } }
    public func loadVIPs() async throws -> [String: VIPEntry] { state.withLockedValue { $0.vips } }
    public func deleteScore(client: String) async throws { _ = state.withLockedValue { $0.scores.removeValue(forKey: client) } }
    public func saveKey(_ record: APIKeyRecord) async throws { state.withLockedValue { $0.keys[record.id] = record } }
    public func revokeKey(id: String, atMs: Int64) async throws { state.withLockedValue { $0.keys[id]?.revokedAtMs = atMs } }
    public func loadKeys() async throws -> [APIKeyRecord] { state.withLockedValue { $0.keys.values.filter { $0.revokedAtMs == nil } } }
    public var eventCount: Int { state.withLockedValue { $0.events.count } }
}
