import Foundation
import Logging
import Messaging
import ServiceLifecycle
import Storage

/// Moves committed outbox rows on. With a broker: publishes them with publisher confirms, then
/// marks them sent (a crash between the two republishes; consumers drop the duplicate by id).
/// Embedded: push rows are left to the replicas' tailers and marked sent; tasks and analytics run
/// here, with the same retries and dead-lettering as the worker's.
struct OutboxRelay: Service {
    let database: Database
    let runtime: NotificationRuntime
    let processor: TaskProcessor
    let batch = 500

    func run() async throws {
        var backoff = Backoff(base: 0.05, cap: 2)
        var lastPrune = Date.distantPast
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let rows = try await Outbox.claim(database, limit: batch)
                if rows.isEmpty {
                    await runtime.relayWakeup.wait(milliseconds: runtime.settings.relayPollMillis)
                } else if let publisher = runtime.publisher {
                    try await publish(rows, with: publisher)
                } else {
                    try await runEmbedded(rows)
                }
                backoff.reset()
                if Date().timeIntervalSince(lastPrune) > 600 {
                    lastPrune = Date()
                    try await Outbox.prune(olderThanMillis: 24 * 3_600_000, on: database.sql)
                }
            } catch {
                let delay = backoff.next()
                runtime.logger.failure("outbox relay: retrying", error: error, metadata: ["in_s": "\(delay)"])
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
    }

    private func publish(_ rows: [Outbox.Row], with publisher: AMQPPublisher) async throws {
        let messages = rows.map {
            AMQPMessage(exchange: $0.exchange, routingKey: $0.routingKey, body: Array($0.body.utf8), messageId: $0.id,
                        priority: min(max($0.priority, 0), BrokerTopology.maxPriority))
        }
        do {
            try await publisher.publish(messages)
        } catch {
            // Hand the rows back at once so they leave as soon as the broker is back.
            try? await Outbox.release(rows.map(\.id), on: database.sql)
            throw error
        }
        try await Outbox.markSent(rows.map(\.id), on: database.sql)
    }

    private func runEmbedded(_ rows: [Outbox.Row]) async throws {
        try await Outbox.markSent(rows.filter { $0.kind == OutboxKind.push.rawValue }.map(\.id), on: database.sql)
        for row in rows where row.kind != OutboxKind.push.rawValue {
            do {
                if row.kind == OutboxKind.task.rawValue {
                    try await processor.run(try MessageJSON.decode(TaskMessage.self, from: Array(row.body.utf8)))
                } else {
                    try await processor.apply(try MessageJSON.decode(AnalyticsMessage.self, from: Array(row.body.utf8)))
                }
                try await Outbox.markSent([row.id], on: database.sql)
            } catch {
                let attempt = row.attempts + 1
                if attempt >= runtime.settings.taskMaxAttempts {
                    runtime.logger.error("task dead-lettered", metadata: ["id": "\(row.id)", "attempts": "\(attempt)", "error": "\(error)"])
                    try await Outbox.deadLetter(row, attempts: attempt, error: "\(error)", on: database.sql)
                } else {
                    let delay = Int64(runtime.settings.retryDelayMillis(afterAttempt: attempt))
                    runtime.logger.warning("task failed; retrying", metadata: ["id": "\(row.id)", "attempt": "\(attempt)", "error": "\(error)"])
                    try await Outbox.retry(row.id, attempts: attempt, availableAt: Timestamp.nowMillis() + delay, error: "\(error)", on: database.sql)
                }
            }
        }
    }
}
