import Synchronization

/// The sending side of one WebSocket. An idle socket costs no task here: pushes wait in a bounded
/// queue and a short-lived task drains them in order through the WebSocket library's writer, then
/// ends. (A writer task per socket parked on a stream cost kilobytes of task memory per idle socket;
/// docs/notifications.md.)
final class SocketOutlet: Sendable {
    enum Offer: Sendable { case enqueued, dropped, closed }

    private enum Item: Sendable {
        case text(String)
        /// Sends the close frame that ends the socket (replica shutting down).
        case close
    }

    private enum Phase { case open, closing, closed }

    private struct State {
        var queue: [Item] = []
        var draining = false
        var phase = Phase.open
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let write: @Sendable (String) async throws -> Void
    private let goingAway: @Sendable () async -> Void

    /// `write` sends one text message (it waits while the client's buffers are full);
    /// `goingAway` sends the close frame of a replica that shuts down.
    init(capacity: Int, write: @escaping @Sendable (String) async throws -> Void, goingAway: @escaping @Sendable () async -> Void) {
        self.capacity = capacity
        self.write = write
        self.goingAway = goingAway
    }

    /// Queues a message without waiting; `.dropped` when `capacity` messages already wait (the
    /// caller drops the socket: the outlet is closed from then on).
    func offer(_ text: String) -> Offer {
        let (result, start) = state.withLock { state -> (Offer, Bool) in
            guard case .open = state.phase else { return (.closed, false) }
            guard state.queue.count < capacity else {
                state.phase = .closed
                state.queue = []
                return (.dropped, false)
            }
            state.queue.append(.text(text))
            return (.enqueued, startDrain(&state))
        }
        if start { launch() }
        return result
    }

    /// Sends what is queued, then the close frame; nothing is accepted after.
    func finish() {
        let start = state.withLock { state -> Bool in
            guard case .open = state.phase else { return false }
            state.phase = .closing
            state.queue.append(.close)
            return startDrain(&state)
        }
        if start { launch() }
    }

    /// The socket ended: drops what waits.
    func shut() {
        state.withLock { state in
            state.phase = .closed
            state.queue = []
        }
    }

    private func startDrain(_ state: inout State) -> Bool {
        guard !state.draining else { return false }
        state.draining = true
        return true
    }

    private func launch() {
        Task { await self.drain() }
    }

    private func drain() async {
        while let item = next() {
            switch item {
            case .text(let text):
                do { try await write(text) } catch {
                    shut()
                    state.withLock { $0.draining = false }
                    return
                }
            case .close:
                await goingAway()
            }
        }
    }

    private func next() -> Item? {
        state.withLock { state in
            guard !state.queue.isEmpty else {
                state.draining = false
                return nil
            }
            return state.queue.removeFirst()
        }
    }
}
