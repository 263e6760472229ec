import Foundation
import Storage

/// Failed-login back-off (`LoginThrottlePolicy`) over the shared counters.
struct LoginThrottle: Sendable {
    let failures: LoginFailureRepository
    let policy: LoginThrottlePolicy

    /// Milliseconds until a login for `email` from `ip` may be tried again; 0 when it may now.
    func wait(email: String, ip: String, now: Int64) async throws -> Int64 {
        let keys = LoginThrottlePolicy.keys(email: email, ip: ip)
        return max(0, try await failures.blockedUntil(keys: [keys.pair, keys.ip, keys.account]) - now)
    }

    func failed(email: String, ip: String, now: Int64) async throws {
        let keys = LoginThrottlePolicy.keys(email: email, ip: ip)
        for (key, rule) in [(keys.pair, policy.accountAndIP), (keys.ip, policy.ip), (keys.account, policy.account)] {
            _ = try await failures.recordFailure(key: key, now: now, forgetAfter: policy.forgetAfterMillis, block: rule.block(afterFailures:))
        }
    }

    /// A correct password clears what this user and address had against them; the IP's own count
    /// stays, so one valid account cannot launder guesses at others.
    func succeeded(email: String, ip: String) async throws {
        let keys = LoginThrottlePolicy.keys(email: email, ip: ip)
        try await failures.clear(keys: [keys.pair, keys.account])
    }
}
