import Foundation
import Synchronization

/// Access tokens already verified, by their exact text, until they expire. A learner's client sends
/// the same token with every request for its whole lifetime, and verifying it (HMAC, base64 and a
/// JSON decode) was 7 % of a cheap authenticated route's CPU. A hit needs the byte-identical token,
/// so it proves what the first verification proved; expiry is checked again on every hit. Bounded:
/// emptied when full (one verification per token to refill).
final class VerifiedTokenCache: Sendable {
    private struct Entry { let identity: Identity; let expires: Date }
    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) { self.capacity = capacity }

    func identity(for token: String, now: Date = Date()) -> Identity? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expires > now else {
                entries[token] = nil
                return nil
            }
            return entry.identity
        }
    }

    func store(_ identity: Identity, for token: String, expires: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(identity: identity, expires: expires)
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
