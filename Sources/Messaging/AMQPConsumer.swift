import Foundation
import Logging

/// Consumes one queue with manual acks and a prefetch limit, on a connection owned by a thread of
/// its own. Deliveries come out of `deliveries`; acks go back through a queue the thread drains
/// between reads (rabbitmq-c allows one thread per connection). A lost connection is reopened
/// with back-off, the topology re-declared and consumption restarted; unacked deliveries of the
/// old connection are redelivered by the broker, so their acks are ignored.
public final class AMQPConsumer: Sendable {
    enum Settlement: Sendable { case ack(UInt64, UInt64), nack(UInt64, UInt64, requeue: Bool) }

    /// The consumer's part of the link's state.
    struct Consumption: Sendable {
        var settlements: [Settlement] = []
    }

    public let deliveries: AsyncStream<AMQPDelivery>
    private let continuation: AsyncStream<AMQPDelivery>.Continuation
    private let link: AMQPLink<Consumption>
    private let queueKey: String
    private let prefetch: Int
    private let pollMilliseconds: Int
    private let onConnect: @Sendable (_ queueName: String) -> Void
    private let onDisconnect: @Sendable () -> Void

    /// - Parameters:
    ///   - queueKey: the `key` of the topology queue to consume (server-named queues have one).
    ///   - onConnect: called on each (re)connection once consuming, with the queue's actual name.
    public init(url: AMQPURL, topology: AMQPTopology, queueKey: String, prefetch: Int = 64, heartbeatSeconds: Int = 10,
                pollMilliseconds: Int = 5, logger: Logger, onDisconnect: @escaping @Sendable () -> Void = {},
                onConnect: @escaping @Sendable (String) -> Void = { _ in }) {
        (deliveries, continuation) = AsyncStream.makeStream(of: AMQPDelivery.self)
        link = AMQPLink(role: "consumer", url: url, heartbeatSeconds: heartbeatSeconds, logger: logger, extra: Consumption())
        self.queueKey = queueKey
        self.prefetch = prefetch
        self.pollMilliseconds = pollMilliseconds
        self.onConnect = onConnect
        self.onDisconnect = onDisconnect
        link.start(threadName: "amqp-consumer-\(queueKey)") { [self] in self.run(topology: topology) }
    }

    public var isConnected: Bool { link.isConnected }

    /// Successful connections so far: 1 plus the reconnections (tests read it to tell a kept
    /// connection from a replaced one).
    public var connectionCount: Int { link.connectionCount }

    public func ack(_ delivery: AMQPDelivery) {
        link.state.withLock { $0.extra.settlements.append(.ack(delivery.tag, delivery.generation)) }
    }

    public func nack(_ delivery: AMQPDelivery, requeue: Bool) {
        link.state.withLock { $0.extra.settlements.append(.nack(delivery.tag, delivery.generation, requeue: requeue)) }
    }

    /// Stops reading, sends the pending acks, closes the connection (the broker requeues what
    /// was delivered and not acked) and ends `deliveries`.
    public func shutdown() { link.shutdown() }

    /// Asks the thread to end without waiting; true the first time.
    @discardableResult
    public func stop() -> Bool { link.stop() }

    /// `shutdown` without blocking the caller's thread.
    public func close() async { await link.close() }

    private func run(topology: AMQPTopology) {
        var connection: AMQPConnection?
        var backoff = Backoff()
        var generation: UInt64 = 0
        while !link.isStopped {
            if connection == nil {
                let next = generation + 1
                let prepared = link.connect(backoff: &backoff, prepare: { fresh -> String in
                    let names = try fresh.declare(topology)
                    guard let queue = names[queueKey] else { throw AMQPError("queue \(queueKey) is not in the topology") }
                    try fresh.qos(prefetch: prefetch)
                    try fresh.consume(queue: queue)
                    return queue
                }, connected: { consumption in
                    // Acks of the old connection's deliveries mean nothing on the new one.
                    consumption.settlements.removeAll()
                })
                guard let (fresh, queue) = prepared else { continue }
                connection = fresh
                generation = next
                link.logger.info("amqp consumer connected", metadata: ["queue": "\(queue)"])
                onConnect(queue)
            }
            guard let live = connection else { continue }
            do {
                try settle(on: live, generation: generation)
                if let delivery = try live.nextDelivery(timeoutMilliseconds: pollMilliseconds, generation: generation) {
                    continuation.yield(delivery)
                }
            } catch {
                link.drop(&connection, error)
                onDisconnect()
            }
        }
        if let connection { try? settle(on: connection, generation: generation) }
        connection?.close()
        continuation.finish()
    }

    private func settle(on connection: AMQPConnection, generation: UInt64) throws {
        let pending = link.state.withLock { state -> [Settlement] in
            defer { state.extra.settlements.removeAll(keepingCapacity: true) }
            return state.extra.settlements
        }
        for settlement in pending {
            switch settlement {
            case .ack(let tag, let gen) where gen == generation: try connection.ack(tag: tag)
            case .nack(let tag, let gen, let requeue) where gen == generation: try connection.nack(tag: tag, requeue: requeue)
            default: continue
            }
        }
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
