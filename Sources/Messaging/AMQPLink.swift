import Dispatch
import Foundation
import Logging
import Synchronization

/// The life shared by `AMQPPublisher` and `AMQPConsumer`: one rabbitmq-c connection owned by a
/// thread of its own (rabbitmq-c allows one thread per connection), opened with back-off and
/// reopened when lost, and a stop that ends the thread. `Extra` is the owner's own state, kept
/// under the same lock as `stopped` so an owner can check "not stopped" and enqueue atomically.
final class AMQPLink<Extra: Sendable>: Sendable {
    struct State {
        var stopped = false
        var connected = false
        var connections = 0
        var extra: Extra
    }

    let url: AMQPURL
    let heartbeat: Int
    let logger: Logger
    /// "publisher" or "consumer", for the log.
    private let role: String
    let state: Mutex<State>
    private let wakeSignal = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(role: String, url: AMQPURL, heartbeatSeconds: Int, logger: Logger, extra: Extra) {
        self.role = role
        self.url = url
        self.heartbeat = heartbeatSeconds
        self.logger = logger
        self.state = Mutex(State(extra: extra))
    }

    /// Runs `body` (the owner's loop) on a new thread; `shutdown` returns once it has ended.
    func start(threadName: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            body()
            finished.signal()
        }
        thread.name = threadName
        thread.start()
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var isConnected: Bool { state.withLock { $0.connected } }
    var connectionCount: Int { state.withLock { $0.connections } }

    /// Wakes the thread from `waitForWake` (new work, or stop).
    func wake() { wakeSignal.signal() }

    /// Waits up to `seconds` for `wake`; true when woken.
    func waitForWake(seconds: Double) -> Bool { wakeSignal.wait(timeout: .now() + seconds) == .success }

    /// Asks the thread to end without waiting; true the first time.
    @discardableResult
    func stop() -> Bool {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        wake()
        return first
    }

    /// Stops and waits for the thread to end.
    func shutdown() {
        guard stop() else { return }
        finished.wait()
    }

    /// `shutdown` without blocking the caller's thread.
    func close() async {
        try? await AMQPAdmin.onThread { self.shutdown() }
    }

    /// Opens a connection and runs `prepare` on it (declare, confirm mode, consume…). On success
    /// the link counts as connected and `connected` updates the owner's state under the same lock;
    /// on failure `failed` runs, the thread waits out the back-off (cut short by a stop) and the
    /// answer is nil.
    func connect<T>(backoff: inout Backoff, prepare: (AMQPConnection) throws -> T,
                    connected: (inout Extra) -> Void = { _ in }, failed: (any Error) -> Void = { _ in }) -> (AMQPConnection, T)? {
        do {
            let fresh = try AMQPConnection(url: url, heartbeatSeconds: heartbeat)
            let prepared = try prepare(fresh)
            backoff.reset()
            state.withLock {
                $0.connected = true
                $0.connections += 1
                connected(&$0.extra)
            }
            return (fresh, prepared)
        } catch {
            failed(error)
            let delay = backoff.next()
            logger.warning("amqp \(role) cannot connect; retrying", metadata: ["error": "\(error)", "in_s": "\(delay)"])
            _ = waitForWake(seconds: delay)
            return nil
        }
    }

    /// Closes a lost connection; the next turn of the owner's loop reconnects.
    func drop(_ connection: inout AMQPConnection?, _ error: any Error) {
        logger.warning("amqp \(role) connection lost", metadata: ["error": "\(error)"])
        connection?.close()
        connection = nil
        state.withLock { $0.connected = false }
    }
}
