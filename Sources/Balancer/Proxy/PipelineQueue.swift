import NIOHTTP1

/// HTTP/1.1 pipelining, handled by the proxy itself. Pipelined requests are rare, so instead of
/// NIO's `HTTPServerPipelineHandler` (which withholds reads during every response: two
/// `epoll_ctl` calls per request) the parts of a request that arrives before the previous
/// response is out wait here, and client reads stop until they are replayed.
struct PipelineQueue {
    private var parts: [HTTPServerRequestPart] = []
    /// A replay is already scheduled on the loop.
    var replayScheduled = false

    var isEmpty: Bool { parts.isEmpty }

    /// The next queued part starts a new request (which must wait for the current one to end).
    var startsWithHead: Bool {
        if case .head = parts.first { return true }
        return false
    }

    mutating func append(_ part: HTTPServerRequestPart) { parts.append(part) }

    mutating func removeFirst() -> HTTPServerRequestPart { parts.removeFirst() }
}
