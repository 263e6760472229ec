import Foundation
import Storage
import Synchronization

/// The WebSockets open on this replica, by learner (several tabs each). A push is offered to each
/// socket's bounded outlet without waiting: a socket whose outlet is full is dropped (its outlet
/// closes and its connection is closed at once: a client that does not read would never take a
/// close frame either), so one slow client never holds up the others or the replica's memory.
final class SocketHub: Sendable {
    enum CloseReason: Sendable { case slowConsumer, shutdown }

    struct Socket: Sendable {
        let id: UInt64
        let outlet: SocketOutlet
    }

    struct State {
        var byLearner: [String: [Socket]] = [:]
        var nextId: UInt64 = 1
        var count = 0
        var recent = RecentIDs(capacity: 65_536)
        var reasons: [UInt64: CloseReason] = [:]
        var shuttingDown = false
    }

    private let state = Mutex(State())
    let bufferSize: Int

    init(bufferSize: Int) {
        self.bufferSize = bufferSize
    }

    var connectionCount: Int { state.withLock { $0.count } }
    var connectedLearners: [String] { state.withLock { Array($0.byLearner.keys) } }

    /// Registers a socket; nil when the replica is shutting down.
    func register(learnerId: String, outlet: SocketOutlet) -> UInt64? {
        state.withLock { state -> UInt64? in
            guard !state.shuttingDown else { return nil }
            let id = state.nextId
            state.nextId += 1
            state.byLearner[learnerId, default: []].append(Socket(id: id, outlet: outlet))
            state.count += 1
            return id
        }
    }

    /// Why the hub ended the socket, if it did; forgets the socket.
    func unregister(learnerId: String, id: UInt64) -> CloseReason? {
        state.withLock { state in
            if var sockets = state.byLearner[learnerId], let index = sockets.firstIndex(where: { $0.id == id }) {
                sockets.remove(at: index)
                state.byLearner[learnerId] = sockets.isEmpty ? nil : sockets
                state.count -= 1
            }
            return state.reasons.removeValue(forKey: id)
        }
    }

    /// Sends the push to the local sockets it names, once per message id; returns how many
    /// sockets it reached.
    @discardableResult
    func deliver(_ push: PushEnvelope) -> Int {
        let (reached, aborts) = state.withLock { state -> (Int, [@Sendable () -> Void]) in
            guard state.recent.insert(push.id) else { return (0, []) }
            var reached = 0
            var aborts: [@Sendable () -> Void] = []
            func offer(_ socket: Socket) {
                switch socket.outlet.offer(push.message) {
                case .dropped:
                    state.reasons[socket.id] = .slowConsumer
                    aborts.append(socket.outlet.abort)
                case .enqueued: reached += 1
                case .closed: break
                }
            }
            if let learners = push.learnerIds {
                for learner in learners { for socket in state.byLearner[learner] ?? [] { offer(socket) } }
            } else {
                for sockets in state.byLearner.values { for socket in sockets { offer(socket) } }
            }
            return (reached, aborts)
        }
        // Outside the lock: closing a channel may run its handlers, which unregister, right here.
        for abort in aborts { abort() }
        return reached
    }

    /// One beat of the replica-wide heartbeat (`SocketHeartbeat`): every socket pings, or closes
    /// if its previous ping went unanswered. One timer for all sockets instead of a task each.
    func heartbeat() {
        let outlets = state.withLock { state in state.byLearner.values.flatMap { $0.map(\.outlet) } }
        for outlet in outlets { outlet.heartbeat() }
    }

    /// Ends every socket (SIGTERM): each handler sends a close frame (1001 going away).
    func closeAll() {
        state.withLock { state in
            state.shuttingDown = true
            for sockets in state.byLearner.values {
                for socket in sockets {
                    state.reasons[socket.id] = .shutdown
                    socket.outlet.finish()
                }
            }
        }
    }
}
