/// Durable home of reputation events and scores, anomalies and VIP tiers. The balancer works
/// from memory and writes here in the background; on start it restores from here.
public protocol ReputationStore: Sendable {
    func migrate() async throws
    func append(events: [ReputationBook.PendingEvent]) async throws
    func upsert(scores: [String: ReputationScore]) async throws
    func loadScores() async throws -> [String: ReputationScore]
    func record(anomaly: Anomaly) async throws
    func recentAnomalies(limit: Int) async throws -> [Anomaly]
    func setVIP(client: String, entry: VIPEntry?) async throws
    func loadVIPs() async throws -> [String: VIPEntry]
    /// Forgets a client's stored score (the admin's reset); its event history stays.
    func deleteScore(client: String) async throws
    func saveKey(_ record: APIKeyRecord) async throws
    func revokeKey(id: String, atMs: Int64) async throws
    /// Keys not revoked.
    func loadKeys() async throws -> [APIKeyRecord]
    /// Releases connections; called once, after the final flush of a drain.
    func close() async throws
}

extension ReputationStore {
    public func close() async throws {}
}
