import NIOConcurrencyHelpers
@testable import Balancer

/// A reputation store whose writes fail while `failing` is set (a database outage).
final class FailingStore: ReputationStore {
    struct Outage: Error {}
    let failing = NIOLockedValueBox(false)
    private let inner = InMemoryReputationStore()

    private func check() throws { if failing.withLockedValue({ $0 }) { throw Outage() } }

    func migrate() async throws {}
    func append(events: [ReputationBook.PendingEvent]) async throws { try check(); try await inner.append(events: events) }
    func upsert(scores: [String: ReputationScore]) async throws { try check(); try await inner.upsert(scores: scores) }
    func loadScores() async throws -> [String: ReputationScore] { try await inner.loadScores() }
    func record(anomaly: Anomaly) async throws { try check(); try await inner.record(anomaly: anomaly) }
    func recentAnomalies(limit: Int) async throws -> [Anomaly] { try await inner.recentAnomalies(limit: limit) }
    func setVIP(client: String, entry: VIPEntry?) async throws { try check(); try await inner.setVIP(client: client, entry: entry) }
    func loadVIPs() async throws -> [String: VIPEntry] { try await inner.loadVIPs() }
    func deleteScore(client: String) async throws { try check(); try await inner.deleteScore(client: client) }
    func saveKey(_ record: APIKeyRecord) async throws { try check(); try await inner.saveKey(record) }
    func revokeKey(id: String, atMs: Int64) async throws { try check(); try await inner.revokeKey(id: id, atMs: atMs) }
    func loadKeys() async throws -> [APIKeyRecord] { try await inner.loadKeys() }
}
