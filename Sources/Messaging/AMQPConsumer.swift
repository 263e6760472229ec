import Dispatch
import Foundation
import Logging
import Synchronization

/// Consumes one queue with manual acks and a prefetch limit, on a connection owned by a thread of
/// its own. Deliveries come out of `deliveries`; acks go back through a queue the thread drains
/// between reads (rabbitmq-c allows one thread per connection). A lost connection is reopened
/// with back-off, the topology re-declared and consumption restarted; unacked deliveries of the
/// old connection are redelivered by the broker, so their acks are ignored.
public final class AMQPConsumer: Sendable {
    enum Settlement: Sendable { case ack(UInt64, UInt64), nack(UInt64, UInt64, requeue: Bool) }

    struct State {
        var settlements: [Settlement] = []
        var stopped = false
        var connected = false
        var connections = 0
        var generation: UInt64 = 0
    }

    public let deliveries: AsyncStream<AMQPDelivery>
    private let continuation: AsyncStream<AMQPDelivery>.Continuation
    private let url: AMQPURL
    private let topology: AMQPTopology
    private let queueKey: String
    private let prefetch: Int
    private let heartbeat: Int
    private let pollMilliseconds: Int
    private let onConnect: @Sendable (_ queueName: String) -> Void
    private let onDisconnect: @Sendable () -> Void
    private let logger: Logger
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - queueKey: the `key` of the topology queue to consume (server-named queues have one).
    ///   - onConnect: called on each (re)connection once consuming, with the queue's actual name.
    public init(url: AMQPURL, topology: AMQPTopology, queueKey: String, prefetch: Int = 64, heartbeatSeconds: Int = 10,
                pollMilliseconds: Int = 5, logger: Logger, onDisconnect: @escaping @Sendable () -> Void = {},
                onConnect: @escaping @Sendable (String) -> Void = { _ in }) {
        (deliveries, continuation) = AsyncStream.makeStream(of: AMQPDelivery.self)
        self.url = url
        self.topology = topology
        self.queueKey = queueKey
        self.prefetch = prefetch
        self.heartbeat = heartbeatSeconds
        self.pollMilliseconds = pollMilliseconds
        self.onConnect = onConnect
        self.onDisconnect = onDisconnect
        self.logger = logger
        let thread = Thread { [self] in self.run() }
        thread.name = "amqp-consumer-\(queueKey)"
        thread.start()
    }

    public var isConnected: Bool { state.withLock { $0.connected } }

    /// Successful connections so far: 1 plus the reconnections (tests read it to tell a kept
    /// connection from a replaced one).
    public var connectionCount: Int { state.withLock { $0.connections } }

    public func ack(_ delivery: AMQPDelivery) {
        state.withLock { $0.settlements.append(.ack(delivery.tag, delivery.generation)) }
    }

    public func nack(_ delivery: AMQPDelivery, requeue: Bool) {
        state.withLock { $0.settlements.append(.nack(delivery.tag, delivery.generation, requeue: requeue)) }
    }

    /// Stops reading, sends the pending acks, closes the connection (the broker requeues what
    /// was delivered and not acked) and ends `deliveries`.
    public func shutdown() {
        guard stop() else { return }
        finished.wait()
    }

    private func wakeThread() {}

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
        var generation: UInt64 = 0
        while !state.withLock({ $0.stopped }) {
            if connection == nil {
                do {
                    let fresh = try AMQPConnection(url: url, heartbeatSeconds: heartbeat)
                    let names = try fresh.declare(topology)
                    guard let queue = names[queueKey] else { throw AMQPError("queue \(queueKey) is not in the topology") }
                    try fresh.qos(prefetch: prefetch)
                    try fresh.consume(queue: queue)
                    connection = fresh
                    backoff.reset()
                    generation += 1
                    let current = generation
                    state.withLock {
                        $0.connected = true
                        $0.connections += 1
                        $0.generation = current
                        $0.settlements.removeAll()
                    }
                    logger.info("amqp consumer connected", metadata: ["queue": "\(queue)"])
                    onConnect(queue)
                } catch {
                    let delay = backoff.next()
                    logger.warning("amqp consumer cannot connect; retrying", metadata: ["error": "\(error)", "in_s": "\(delay)"])
                    sleep(seconds: delay)
                    continue
                }
            }
            guard let live = connection else { continue }
            do {
                try settle(on: live, generation: generation)
                if let delivery = try live.nextDelivery(timeoutMilliseconds: pollMilliseconds, generation: generation) {
                    continuation.yield(delivery)
                }
            } catch {
                logger.warning("amqp consumer connection lost", metadata: ["error": "\(error)"])
                connection?.close()
                connection = nil
                state.withLock { $0.connected = false }
                onDisconnect()
            }
        }
        if let connection { try? settle(on: connection, generation: generation) }
        connection?.close()
        continuation.finish()
        finished.signal()
    }

    private func settle(on connection: AMQPConnection, generation: UInt64) throws {
        let pending = state.withLock { state -> [Settlement] in
            defer { state.settlements.removeAll(keepingCapacity: true) }
            return state.settlements
        }
        for settlement in pending {
            switch settlement {
            case .ack(let tag, let gen) where gen == generation: try connection.ack(tag: tag)
            case .nack(let tag, let gen, let requeue) where gen == generation: try connection.nack(tag: tag, requeue: requeue)
            default: continue
            }
        }
    }

    /// Sleeps in short steps so `shutdown` is not held up by a long back-off.
    private func sleep(seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end, !state.withLock({ $0.stopped }) { usleep(20_000) }
    }
}

/// Short-lived administrative calls (purge, counts) on a connection of their own, on a thread of
/// their own.
public enum AMQPAdmin {
    public static func messageCount(url: AMQPURL, queue: AMQPTopology.Queue) async throws -> Int {
        try await onThread { try AMQPConnection(url: url, heartbeatSeconds: 0).messageCount(queue) }
    }

    public static func purge(url: AMQPURL, topology: AMQPTopology, queues: [String]) async throws {
        try await onThread {
            let connection = try AMQPConnection(url: url, heartbeatSeconds: 0)
            try connection.declare(topology)
            for queue in queues { try connection.purge(queue: queue) }
            connection.close()
        }
    }

    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
