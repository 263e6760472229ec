import NIOCore

/// One place in the pool. A slot that failed to connect refuses work until its back-off ends,
/// so callers fail fast (a cache miss) instead of queueing behind a dead server.
enum ConnectionSlot {
    case idle(failures: Int)
    case connecting(Task<RedisConnection, any Error>)
    case ready(RedisConnection)
    case backingOff(until: NIODeadline, failures: Int, reason: String)
}
