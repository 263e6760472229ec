/// Session affinity without shared state: the cookie names the replica directly, and a session
/// header maps to a replica by rendezvous hashing over the eligible set. Both re-assign by
/// themselves when the replica leaves (the cookie's replica is no longer eligible; the hash
/// picks the next best), and any event loop or balancer replica resolves them identically.
public struct SessionAffinity: Sendable, Equatable {
    public enum Mode: String, Sendable, Codable { case off, cookie, header }

    public var mode: Mode
    public var cookieName: String
    public var headerName: String
    public var timeoutSeconds: Int

    public init(mode: Mode = .off, cookieName: String = "wave3_affinity", headerName: String = "X-Session-Id", timeoutSeconds: Int = 1800) {
        self.mode = mode
        self.cookieName = cookieName
        self.headerName = headerName
        self.timeoutSeconds = timeoutSeconds
    }

    /// The replica a cookie value pins to, if it is still eligible.
    public static func pinned(cookieValue: Substring, replicas: [ReplicaState], eligible: [Int]) -> Int? {
        for i in eligible where replicas[i].upstream.name.utf8.elementsEqual(cookieValue.utf8) {
            return i
        }
        return nil
    }

    /// Highest-random-weight choice: removing one replica only moves the sessions it held.
    public static func rendezvous(key: Substring, replicas: [ReplicaState], eligible: [Int]) -> Int {
        let k = StableHash.fnv1a(String(key))
        var best = eligible[0]
        var bestScore: UInt64 = 0
        for i in eligible {
            var x = k ^ StableHash.fnv1a(replicas[i].upstream.name)
            x = (x ^ (x >> 33)) &* 0xff51_afd7_ed55_8ccd
            x ^= x >> 33
            if x >= bestScore {
                bestScore = x
                best = i
            }
        }
        return best
    }

    public func setCookieHeader(for replica: Upstream) -> String {
        "\(cookieName)=\(replica.name); Max-Age=\(timeoutSeconds); Path=/; HttpOnly; SameSite=Lax"
    }
}
