import Messaging
import Storage

/// The RabbitMQ topology of docs/notifications.md, declared idempotently by every process.
enum BrokerTopology {
    static let deadLetterQueue = "async_tasks.dead"
    static let maxPriority = 10

    static func delayQueue(attempt: Int) -> String { "async_tasks.delay.\(attempt)" }

    /// Durable exchanges and the shared durable queues: the work queue, its delay queues (one per
    /// try, each dead-lettering back into the work queue when a message's TTL expires) and its
    /// dead-letter queue; the analytics queue.
    static func shared(maxAttempts: Int) -> AMQPTopology {
        var queues: [AMQPTopology.Queue] = [
            .init(MessageRoutes.asyncTasks),
            .init(deadLetterQueue),
            .init(MessageRoutes.analyticsEvents),
        ]
        for attempt in 1..<max(2, maxAttempts) {
            queues.append(.init(delayQueue(attempt: attempt), deadLetterExchange: "", deadLetterRoutingKey: MessageRoutes.asyncTasks))
        }
        return AMQPTopology(exchanges: [
            .init(MessageRoutes.websocketBroadcast, .fanout),
            .init(MessageRoutes.userNotifications, .direct),
        ], queues: queues)
    }

    static let replicaQueueKey = "replica"

    /// The shared topology plus this replica's exclusive, server-named priority queue bound to the
    /// fan-out exchange and to the per-learner direct exchange.
    static func replica(maxAttempts: Int) -> AMQPTopology {
        var topology = shared(maxAttempts: maxAttempts)
        topology.queues.append(.init("", key: replicaQueueKey, durable: false, exclusive: true, autoDelete: true, maxPriority: maxPriority,
                                     bindings: [.init(MessageRoutes.websocketBroadcast), .init(MessageRoutes.userNotifications, MessageRoutes.deliverKey)]))
        return topology
    }
}
