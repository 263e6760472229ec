import Dispatch
import Foundation
import Logging
import Synchronization

/// Publishes with publisher confirms on a connection owned by a thread of its own, so rabbitmq-c's
/// blocking calls never run on an event loop or the cooperative pool. Callers suspend until the
/// broker confirms their batch (or it fails: a lost connection fails what was in flight, and the
/// thread reconnects with back-off and re-declares the topology).
public final class AMQPPublisher: Sendable {
    struct Pending: Sendable {
        let messages: [AMQPMessage]
        let continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var queue: [Pending] = []
        var stopped = false
        var connected = false
        var connections = 0
    }

    private let url: AMQPURL
    private let topology: AMQPTopology
    private let heartbeat: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Messages per publish-then-confirm round.
    private let batchLimit = 512

    public init(url: AMQPURL, topology: AMQPTopology, heartbeatSeconds: Int = 10, logger: Logger) {
        self.url = url
        self.topology = topology
        self.heartbeat = heartbeatSeconds
        self.logger = logger
        let thread = Thread { [self] in self.run() }
        thread.name = "amqp-publisher"
        thread.start()
    }

    public var isConnected: Bool { state.withLock { $0.connected } }

    /// Successful connections so far: 1 plus the reconnections (tests read it to tell a kept
    /// connection from a replaced one).
    public var connectionCount: Int { state.withLock { $0.connections } }

    /// Publishes `messages` and returns once the broker has confirmed every one of them.
    public func publish(_ messages: [AMQPMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.queue.append(Pending(messages: messages, continuation: continuation))
                return true
            }
            if accepted { wake.signal() } else { continuation.resume(throwing: AMQPError("publisher stopped")) }
        }
    }

    public func publish(_ message: AMQPMessage) async throws { try await publish([message]) }

    /// Fails what is queued, closes the connection and waits for the thread to end.
    public func shutdown() {
        guard stop() else { return }
        finished.wait()
    }

    private func wakeThread() { wake.signal() }

    /// Asks the thread to end without waiting; true the first time.
    @discardableResult
    public func stop() -> Bool {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        wakeThread()
        return first
    }

    /// `shutdown` without blocking the caller's thread.
    public func close() async {
        try? await AMQPAdmin.onThread { self.shutdown() }
    }

    private func run() {
        var connection: AMQPConnection?
        var backoff = Backoff()
        var nextTag: UInt64 = 1
        while !state.withLock({ $0.stopped }) {
            if connection == nil {
                do {
                    let fresh = try AMQPConnection(url: url, heartbeatSeconds: heartbeat)
                    try fresh.declare(topology)
                    try fresh.confirmSelect()
                    connection = fresh
                    nextTag = 1
                    backoff.reset()
                    state.withLock {
                        $0.connected = true
                        $0.connections += 1
                    }
                    logger.info("amqp publisher connected", metadata: ["host": "\(url.host):\(url.port)"])
                } catch {
                    failQueued(error)
                    let delay = backoff.next()
                    logger.warning("amqp publisher cannot connect; retrying", metadata: ["error": "\(error)", "in_s": "\(delay)"])
                    _ = wake.wait(timeout: .now() + delay)
                    continue
                }
            }
            guard let live = connection else { continue }
            let batch = takeBatch()
            if batch.isEmpty {
                if wake.wait(timeout: .now() + 1) == .timedOut {
                    do { try live.service(timeoutMilliseconds: 0) } catch { drop(&connection, error) }
                }
                continue
            }
            do {
                try publishAndConfirm(batch, on: live, nextTag: &nextTag)
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
                drop(&connection, error)
            }
        }
        connection?.close()
        failQueued(AMQPError("publisher stopped"))
        finished.signal()
    }

    private func drop(_ connection: inout AMQPConnection?, _ error: any Error) {
        logger.warning("amqp publisher connection lost", metadata: ["error": "\(error)"])
        connection?.close()
        connection = nil
        state.withLock { $0.connected = false }
    }

    private func takeBatch() -> [Pending] {
        state.withLock { state in
            var count = 0
            var taken = 0
            while taken < state.queue.count, count < batchLimit {
                count += state.queue[taken].messages.count
                taken += 1
            }
            let batch = Array(state.queue.prefix(taken))
            state.queue.removeFirst(taken)
            return batch
        }
    }

    private func failQueued(_ error: any Error) {
        let queued = state.withLock { state -> [Pending] in
            defer { state.queue.removeAll() }
            return state.queue
        }
        for pending in queued { pending.continuation.resume(throwing: error) }
    }

    /// Publishes the whole batch, then reads confirms until every delivery tag is settled.
    private func publishAndConfirm(_ batch: [Pending], on connection: AMQPConnection, nextTag: inout UInt64) throws {
        let first = nextTag
        var lastTagOf: [UInt64] = []
        lastTagOf.reserveCapacity(batch.count)
        for pending in batch {
            for message in pending.messages {
                try connection.publish(message)
                nextTag += 1
            }
            lastTagOf.append(nextTag - 1)
        }
        let last = nextTag - 1
        var settled = Array(repeating: false, count: Int(last - first + 1))
        var nacked = Array(repeating: false, count: settled.count)
        var outstanding = settled.count
        let deadline = Date().addingTimeInterval(10)
        while outstanding > 0 {
            guard Date() < deadline else { throw AMQPError("no publisher confirm within 10 s") }
            let confirm = try connection.waitConfirm(timeoutMilliseconds: 1000)
            let tag: UInt64, multiple: Bool, isNack: Bool
            switch confirm {
            case .timeout: continue
            case .ack(let t, let m): (tag, multiple, isNack) = (t, m, false)
            case .nack(let t, let m): (tag, multiple, isNack) = (t, m, true)
            }
            guard tag >= first, tag <= last else { continue }
            let upper = Int(tag - first)
            let lower = multiple ? 0 : upper
            for index in lower...upper where !settled[index] {
                settled[index] = true
                nacked[index] = isNack
                outstanding -= 1
            }
        }
        var start = first
        for (pending, end) in zip(batch, lastTagOf) {
            let anyNack = (start...end).contains { nacked[Int($0 - first)] }
            if anyNack { pending.continuation.resume(throwing: AMQPError("broker refused a message (nack)")) } else { pending.continuation.resume() }
            start = end + 1
        }
    }
}
