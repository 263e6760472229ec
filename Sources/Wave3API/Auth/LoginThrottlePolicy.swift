/// How long failed logins block further attempts (docs/security.md). Pure: the counts come from
/// `LoginFailureRepository`.
///
/// Three keys are counted. The pair (account, IP) is what one attacker guessing one password
/// trips: it backs off exponentially up to 15 minutes. The IP alone catches one address trying
/// many accounts. The account alone catches many addresses guessing one password, but it is
/// capped at 30 seconds, so nobody can lock the real user out for longer than that by failing on
/// purpose from elsewhere.
public struct LoginThrottlePolicy: Sendable {
    public struct Rule: Sendable {
        /// Failures allowed before any delay.
        public var freeFailures: Int
        /// Delay after the first failure beyond the free ones; doubled on each further one.
        public var baseMillis: Int64
        public var maxMillis: Int64

        public init(freeFailures: Int, baseMillis: Int64, maxMillis: Int64) {
            self.freeFailures = freeFailures
            self.baseMillis = baseMillis
            self.maxMillis = maxMillis
        }

        func block(afterFailures failures: Int) -> Int64 {
            guard failures > freeFailures else { return 0 }
            let doublings = min(failures - freeFailures - 1, 40)
            return min(maxMillis, baseMillis << Int64(doublings))
        }
    }

    public var accountAndIP = Rule(freeFailures: 4, baseMillis: 1_000, maxMillis: 15 * 60_000)
    public var ip = Rule(freeFailures: 20, baseMillis: 1_000, maxMillis: 15 * 60_000)
    public var account = Rule(freeFailures: 10, baseMillis: 1_000, maxMillis: 30_000)
    /// A key's count restarts when its last failure is older than this.
    public var forgetAfterMillis: Int64 = 60 * 60_000

    public init() {}

    static func keys(email: String, ip: String) -> (pair: String, ip: String, account: String) {
        ("pair:\(email)|\(ip)", "ip:\(ip)", "account:\(email)")
    }
}
