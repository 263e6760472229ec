import Foundation
import Logging
import Messaging
import ServiceLifecycle
import Storage
import Synchronization

/// `wave3 worker` with a broker: consumes `async_tasks` and `analytics_events` with manual acks.
/// A task that throws is republished to the delay queue of its try (its TTL dead-letters it back
/// into the work queue) and acked; after its last try it goes to `async_tasks.dead` (and to
/// `dead_tasks`). Acks follow the work, so a worker killed mid-task loses nothing: the broker
/// redelivers and the idempotent effects make the second run a no-op where the first got.
/// Graceful stop: takes no new delivery, finishes the one in hand, acks it, then closes.
struct TaskWorker: Service {
    let url: AMQPURL
    let processor: TaskProcessor
    let runtime: NotificationRuntime
    let database: Database

    func run() async throws {
        guard let publisher = runtime.publisher else { throw TaskError("the worker needs a broker publisher") }
        let topology = BrokerTopology.shared(maxAttempts: runtime.settings.taskMaxAttempts)
        let tasks = AMQPConsumer(url: url, topology: topology, queueKey: MessageRoutes.asyncTasks, prefetch: 1, logger: runtime.logger)
        let analytics = AMQPConsumer(url: url, topology: topology, queueKey: MessageRoutes.analyticsEvents, prefetch: 16, logger: runtime.logger)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await drain(tasks) { try await handleTask($0, consumer: tasks, publisher: publisher) } }
            group.addTask { await drain(analytics) { try await handleAnalytics($0, consumer: analytics) } }
        }
        await tasks.close()
        await analytics.close()
    }

    /// Processes deliveries one at a time until a graceful shutdown, which lets the one in hand
    /// finish before the consumer stops (what it prefetched returns to the queue).
    private func drain(_ consumer: AMQPConsumer, _ handle: @escaping @Sendable (AMQPDelivery) async throws -> Void) async {
        let busy = Mutex(false)
        let stopping = Mutex(false)
        await withGracefulShutdownHandler {
            for await delivery in consumer.deliveries {
                if stopping.withLock({ $0 }) { break }
                busy.withLock { $0 = true }
                do { try await handle(delivery) } catch {
                    runtime.logger.error("delivery not handled; requeued", metadata: ["id": "\(delivery.messageId)", "error": "\(error)"])
                    consumer.nack(delivery, requeue: true)
                    try? await Task.sleep(for: .milliseconds(200))
                }
                busy.withLock { $0 = false }
                if stopping.withLock({ $0 }) { break }
            }
            consumer.stop()
        } onGracefulShutdown: {
            stopping.withLock { $0 = true }
            if !busy.withLock({ $0 }) { consumer.stop() }
        }
    }

    private func handleTask(_ delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher) async throws {
        guard let task = try? MessageJSON.decode(TaskMessage.self, from: delivery.body) else {
            try await deadLetter(body: String(decoding: delivery.body, as: UTF8.self), id: delivery.messageId, attempts: 1,
                                 error: "undecodable task", publisher: publisher)
            consumer.ack(delivery)
            return
        }
        do {
            try await processor.run(task)
        } catch {
            let settings = runtime.settings
            if task.attempt < settings.taskMaxAttempts {
                var next = task
                next.attempt += 1
                let delay = settings.retryDelayMillis(afterAttempt: task.attempt)
                runtime.logger.warning("task failed; retrying", metadata: ["id": "\(task.id)", "attempt": "\(task.attempt)", "in_ms": "\(delay)", "error": "\(error)"])
                try await publisher.publish(AMQPMessage(exchange: "", routingKey: BrokerTopology.delayQueue(attempt: task.attempt),
                                                        body: Array(try MessageJSON.encode(next).utf8), messageId: task.id,
                                                        expirationMilliseconds: delay))
            } else {
                runtime.logger.error("task dead-lettered", metadata: ["id": "\(task.id)", "attempts": "\(task.attempt)", "error": "\(error)"])
                try await deadLetter(body: try MessageJSON.encode(task), id: task.id, attempts: task.attempt, error: "\(error)", publisher: publisher)
            }
        }
        consumer.ack(delivery)
    }

    private func deadLetter(body: String, id: String, attempts: Int, error: String, publisher: AMQPPublisher) async throws {
        try await publisher.publish(AMQPMessage(exchange: "", routingKey: BrokerTopology.deadLetterQueue, body: Array(body.utf8), messageId: id))
        try await database.transaction { sql in try await Outbox.deadLetter(id: id, body: body, attempts: attempts, error: error, on: sql) }
    }

    private func handleAnalytics(_ delivery: AMQPDelivery, consumer: AMQPConsumer) async throws {
        if let message = try? MessageJSON.decode(AnalyticsMessage.self, from: delivery.body) {
            try await processor.apply(message)
        } else {
            runtime.logger.warning("dropping an undecodable analytics event", metadata: ["id": "\(delivery.messageId)"])
        }
        consumer.ack(delivery)
    }
}
