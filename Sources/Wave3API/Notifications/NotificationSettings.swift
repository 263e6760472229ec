import Foundation
import Messaging

/// Notification knobs (README: Configuration). No `WAVE3_AMQP_URL` runs the embedded twin: each
/// replica tails the outbox of the shared database and runs tasks in-process.
public struct NotificationSettings: Sendable {
    public var amqpURL: String?
    /// Names this process's exclusive queue and outbox leases in logs.
    public var replicaId: String = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    /// Tries of a task before the dead-letter queue, and the first back-off (×4 per try).
    public var taskMaxAttempts: Int = 4
    public var taskRetryBaseMillis: Int = 1000
    /// How often a relay looks for rows another process wrote (its own writes wake it at once).
    public var relayPollMillis: Int = 50
    /// Embedded twin: how often a replica tails the outbox for its sockets.
    public var tailPollMillis: Int = 20
    /// Messages queued per socket before a slow client is dropped.
    public var socketBuffer: Int = 64
    /// Ping period; a socket silent for two periods is closed.
    public var pingSeconds: Int = 30
    /// Relays run in replicas too; `false` leaves it to the worker.
    public var relayInReplicas: Bool = true

    public init() {}

    mutating func read(_ environment: [String: String]) throws {
        if let url = environment["WAVE3_AMQP_URL"], !url.isEmpty {
            do { _ = try AMQPURL(url) } catch { throw ConfigurationError("WAVE3_AMQP_URL: \(error)") }
            amqpURL = url
        }
        if let id = environment["WAVE3_REPLICA_ID"], !id.isEmpty { replicaId = id }
        if let n = environment["WAVE3_TASK_MAX_ATTEMPTS"].flatMap(Int.init), (1...20).contains(n) { taskMaxAttempts = n }
        if let n = environment["WAVE3_TASK_RETRY_BASE_MS"].flatMap(Int.init), (1...3_600_000).contains(n) { taskRetryBaseMillis = n }
        if let n = environment["WAVE3_WS_PING_SECONDS"].flatMap(Int.init), (1...3600).contains(n) { pingSeconds = n }
    }

    /// The back-off before try `attempt + 1` after try `attempt` failed.
    func retryDelayMillis(afterAttempt attempt: Int) -> Int {
        taskRetryBaseMillis * (1 << (2 * max(0, min(attempt - 1, 10))))
    }
}
