import Foundation

/// Issuing and revoking API keys. Keys live in memory on every loop (verified without a database
/// round trip) and, with a database, in `balancer_api_keys`, re-read every `keyRefreshInterval`
/// so a key issued or revoked through another balancer replica takes effect here too.
extension BalancerServer {
    public enum KeyError: Error, Equatable {
        case invalidName, invalidMultiplier
    }

    public static let maxKeyNameLength = 100

    /// Persists first: a key the database refused is never handed out.
    public func issueKey(name: String, tier: PriorityClass, multiplier: Double) async throws -> (record: APIKeyRecord, plaintext: String) {
        guard !name.isEmpty, name.utf8.count <= Self.maxKeyNameLength else { throw KeyError.invalidName }
        guard multiplier.isFinite, multiplier > 0, multiplier <= VIPEntry.maxMultiplier else { throw KeyError.invalidMultiplier }
        let issued = APIKey.issue(name: name, tier: tier, multiplier: multiplier, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        try await store?.saveKey(issued.record)
        keys.insert(issued.record)
        await publishKeys()
        return issued
    }

    /// Nil when no such key exists. Stored first: a revocation only in memory would be undone by
    /// the next refresh from the database, so a failed write changes nothing and is thrown.
    public func revokeKey(id: String) async throws -> APIKeyRecord? {
        guard keys.record(id: id) != nil else { return nil }
        try await store?.revokeKey(id: id, atMs: Int64(Date().timeIntervalSince1970 * 1000))
        let record = keys.remove(id: id)
        await publishKeys()
        return record
    }

    public func apiKeys() -> [APIKeyRecord] { keys.all }

    func refreshKeys() async {
        guard let store else { return }
        do {
            let generation = keys.generation
            if keys.replaceAll(try await store.loadKeys(), readAt: generation) { await publishKeys() }
        } catch {
            logger.error("api key refresh failed; keeping the keys already loaded", metadata: ["error": "\(error)"])
        }
    }

    /// Every loop gets the new key table; limit overrides of keys join the explicit VIP table.
    /// Returns once every loop has it, so an admin call that answered is in force.
    func publishKeys() async {
        let table = keys.table
        let merged = effectiveVIPs()
        _ = await gather { lc in
            lc.identifier.keys = table
            lc.engine.vips = merged
        }
    }

    func publishVIPs() async {
        let merged = effectiveVIPs()
        _ = await gather { $0.engine.vips = merged }
    }

    /// Explicit VIP entries win over a key's own tier.
    private func effectiveVIPs() -> [String: VIPEntry] {
        keys.vipEntries.merging(vips()) { _, explicit in explicit }
    }
}
