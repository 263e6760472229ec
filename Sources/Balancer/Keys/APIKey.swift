import Crypto
import Foundation

/// An issued API key: `rlk_<id>.<secret>`. The id names the key (and the client it is limited
/// as, `key:<id>`); the secret proves possession. Only a SHA-256 of the secret is kept: the
/// secret is 32 random bytes, so a slow password hash would add cost and no safety.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var tier: PriorityClass
    public var multiplier: Double
    /// Lower-case hex SHA-256 of the secret part.
    public var secretHash: String
    public var createdAtMs: Int64
    public var revokedAtMs: Int64?

    public init(id: String, name: String, tier: PriorityClass, multiplier: Double, secretHash: String, createdAtMs: Int64, revokedAtMs: Int64? = nil) {
        self.id = id
        self.name = name
        self.tier = tier
        self.multiplier = multiplier
        self.secretHash = secretHash
        self.createdAtMs = createdAtMs
        self.revokedAtMs = revokedAtMs
    }

    /// The client key the limiter, reputation and VIP tables use for this key.
    public var clientKey: String { "key:" + id }

    /// The limit override this key carries, nil when it is an ordinary standard key.
    public var vipEntry: VIPEntry? {
        tier == .standard && multiplier == 1 ? nil : VIPEntry(tier: tier, multiplier: multiplier, notes: "api key " + name)
    }
}

public enum APIKey {
    public static let prefix = "rlk_"
    public static let idLength = 16
    /// Longest accepted header value: anything longer is not one of ours and is not even hashed.
    public static let maxLength = 128

    /// A new key and its one-time plaintext.
    public static func issue(name: String, tier: PriorityClass, multiplier: Double, nowMs: Int64) -> (record: APIKeyRecord, plaintext: String) {
        var rng = SystemRandomNumberGenerator()
        let id = (0..<idLength / 2).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        let secret = AdminToken.base64URL((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let record = APIKeyRecord(id: id, name: name, tier: tier, multiplier: multiplier, secretHash: hash(secret: Substring(secret)), createdAtMs: nowMs)
        return (record, prefix + id + "." + secret)
    }

    /// `(id, secret)` of a well-formed key, nil for anything else (no allocation on the common
    /// malformed paths beyond the split).
    public static func parse(_ value: Substring) -> (id: Substring, secret: Substring)? {
        guard value.utf8.count <= maxLength, value.hasPrefix(prefix) else { return nil }
        let body = value.dropFirst(prefix.count)
        guard let dot = body.firstIndex(of: ".") else { return nil }
        let id = body[..<dot], secret = body[body.index(after: dot)...]
        guard id.utf8.count == idLength, id.utf8.allSatisfy(isHex), !secret.isEmpty else { return nil }
        return (id, secret)
    }

    public static func hash(secret: Substring) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func digestBytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = nibble(u[2 * i]), let lo = nibble(u[2 * i + 1]) else { return nil }
            out[i] = hi << 4 | lo
        }
        return out
    }

    @inline(__always)
    static func isHex(_ c: UInt8) -> Bool { nibble(c) != nil }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

/// What one event loop needs to verify keys without a lock or a database: id → secret digest and
/// client key. Replaced wholesale (by the server's broadcast) whenever a key is issued or revoked.
public struct APIKeyTable: Sendable {
    struct Entry: Sendable {
        var digest: [UInt8]
        var clientKey: String
    }
    private var entries: [Substring: Entry] = [:]

    public init() {}

    public init(_ records: [APIKeyRecord]) {
        for r in records where r.revokedAtMs == nil {
            guard let d = APIKey.digestBytes(hex: r.secretHash) else { continue }
            entries[Substring(r.id)] = Entry(digest: d, clientKey: r.clientKey)
        }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The client key of a valid, unrevoked key; nil for an unknown id or a wrong secret.
    public func verify(_ value: Substring) -> String? {
        guard !entries.isEmpty, let (id, secret) = APIKey.parse(value), let entry = entries[id] else { return nil }
        let digest = SHA256.hash(data: Data(secret.utf8))
        var diff: UInt8 = 0
        for (a, b) in zip(digest, entry.digest) { diff |= a ^ b }
        return diff == 0 ? entry.clientKey : nil
    }
}
