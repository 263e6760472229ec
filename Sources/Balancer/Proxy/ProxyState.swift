import NIOHTTP1

/// One attempt at a replica, from the moment it counts as in flight there.
struct Attempt {
    let replica: Int
    let startedAt: Int64
    /// What the policy saw when it chose, echoed back in the outcome.
    let features: ReplicaFeatures
}

/// The replica's answer while its body streams to the client.
struct ReplicaResponse {
    let status: Int
    let keepAlive: Bool
    /// When the head arrived, and how long the replica took to send it once it had the whole
    /// request (tower's peak-EWMA measures to the head too).
    let headAt: Int64
    let latency: Int64
}

/// A request's life on one client connection. Each case carries what exists only in it: an
/// attempt (counted in flight at its replica) lives in exactly the cases between choosing and the
/// end of the response, and leaving such a case is the one place its outcome is recorded, once.
/// Choosing itself is synchronous (`DecisionEngine.decide`) and has no case: a head leads straight
/// to an attempt or to the balancer's own answer.
enum ProxyState {
    /// Keep-alive wait for the next request head; closed after `until` (idle timeout).
    case idle(until: Int64)
    /// The first bytes of a head arrived: it must be complete by `until` (slowloris).
    case receivingHead(until: Int64)
    /// A new connection to the chosen replica is being opened. `generation` tells the connect
    /// callback of this attempt from a stale one.
    case connecting(Attempt, generation: Int)
    /// The head went to the replica and the client is still sending the body. The wait is the
    /// client's: no response deadline runs, only `clientDeadline` for the next body bytes.
    case forwarding(Attempt, UpstreamHandler, clientDeadline: Int64)
    /// The whole request is with the replica (`since`); from here the wait is the replica's.
    case awaitingResponse(Attempt, UpstreamHandler, since: Int64, deadline: Int64)
    /// The response head went to the client; the body streams through.
    case streaming(Attempt, UpstreamHandler, ReplicaResponse)
    /// The last attempt failed before any response byte; the next waits out its back-off.
    case retrying(next: Int, generation: Int)
    /// The balancer answered itself (limit, error): the rest of the request body is discarded.
    case answered
    /// The replica accepted an upgrade; the tunnel is built on the next loop tick (its decoder
    /// is mid-parse now and must not be removed under its own feet).
    case upgrading(Attempt, UpstreamHandler, HTTPResponseHead, since: Int64)
    /// Bytes are relayed both ways; HTTP is over on this connection.
    case upgraded
    /// The last response is being written (or the client left): the connection closes.
    case draining

    /// Between requests: nothing is owed to the client.
    var isIdle: Bool {
        switch self {
        case .idle, .receivingHead: return true
        default: return false
        }
    }

    var isUpgraded: Bool {
        if case .upgraded = self { return true }
        return false
    }

    /// The replica connection serving the current attempt, if one is attached.
    var upstream: UpstreamHandler? {
        switch self {
        case .forwarding(_, let up, _), .awaitingResponse(_, let up, _, _), .streaming(_, let up, _), .upgrading(_, let up, _, _):
            return up
        default:
            return nil
        }
    }
}
