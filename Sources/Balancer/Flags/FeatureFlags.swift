/// Switches for the optional layers, each with a rollout percentage decided by a stable hash
/// of the client key, so one client is consistently in or out while a rollout ramps up.
public struct FeatureFlag: Sendable, Codable, Equatable {
    public var enabled: Bool
    public var rolloutPercent: Double

    public init(enabled: Bool = true, rolloutPercent: Double = 100) {
        self.enabled = enabled
        self.rolloutPercent = rolloutPercent
    }

    @inline(__always)
    public func isOn(forClient client: String) -> Bool {
        guard enabled, rolloutPercent > 0 else { return false }
        if rolloutPercent >= 100 { return true }
        return Double(StableHash.fnv1a(client) % 10_000) < rolloutPercent * 100
    }
}

public struct FeatureFlags: Sendable, Codable, Equatable {
    public var limiter = FeatureFlag()
    public var reputation = FeatureFlag()
    public var anomalyDetection = FeatureFlag()
    /// Session affinity: when off, every request is routed by the policy alone.
    public var affinity = FeatureFlag()

    public init() {}
}

public enum StableHash {
    /// A cheap spread for picking a lock stripe: the length and the last bytes, which is where
    /// client keys ("ip:10.0.3.17", "user:4821") differ. The dictionary behind the stripe still
    /// hashes the whole key; this only has to keep two loops off the same lock most of the time.
    @inline(__always)
    public static func stripe(_ s: String) -> Int {
        var h = s.utf8.count
        for b in s.utf8.suffix(3) { h = h &* 31 &+ Int(b) }
        return h & Int.max
    }

    /// FNV-1a: stable across processes and restarts, unlike `Hasher`, which is seeded per run.
    @inline(__always)
    public static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }
}
