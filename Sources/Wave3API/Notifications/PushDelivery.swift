import Foundation
import Logging
import Messaging
import ServiceLifecycle
import Storage
import Synchronization

/// Feeds this replica's sockets. With a broker: consumes the replica's exclusive queue (bound to
/// both push exchanges) and, at each (re)connection, replays the outbox pushes since the last
/// connection was lost, so what was published while this queue did not exist still arrives;
/// the hub drops what it already sent. Embedded: tails the outbox. On graceful shutdown it closes
/// every socket with 1001.
struct PushDelivery: Service {
    let database: Database
    let runtime: NotificationRuntime
    /// Pushes older than this before a reconnection are not replayed (they are in the list).
    static let replayWindowMillis: Int64 = 10 * 60_000
    /// The tail reads back this far, for rows whose transaction committed after a later one's.
    static let tailLookbackMillis: Int64 = 1000

    func run() async throws {
        await withGracefulShutdownHandler {
            if let url = runtime.broker {
                await consume(url)
            } else {
                await tail()
            }
        } onGracefulShutdown: {
            runtime.hub.closeAll()
        }
    }

    private func consume(_ url: AMQPURL) async {
        let lostAt = MillisBox(Timestamp.nowMillis())
        let database = database
        let runtime = runtime
        let consumer = AMQPConsumer(url: url, topology: BrokerTopology.replica(maxAttempts: runtime.settings.taskMaxAttempts),
                                    queueKey: BrokerTopology.replicaQueueKey, prefetch: 256, logger: runtime.logger,
                                    onDisconnect: { lostAt.set(Timestamp.nowMillis()) }) { _ in
            let since = lostAt.get() - 2000
            Task { await Self.replay(since: max(since, Timestamp.nowMillis() - Self.replayWindowMillis), database: database, runtime: runtime) }
        }
        await withTaskCancellationOrGracefulShutdownHandler {
            for await delivery in consumer.deliveries {
                if let push = try? MessageJSON.decode(PushEnvelope.self, from: delivery.body) {
                    runtime.hub.deliver(push)
                } else {
                    runtime.logger.warning("dropping an undecodable push", metadata: ["id": "\(delivery.messageId)"])
                }
                consumer.ack(delivery)
            }
        } onCancelOrGracefulShutdown: {
            consumer.stop()
        }
    }

    static func replay(since: Int64, database: Database, runtime: NotificationRuntime) async {
        do {
            var cursor = since
            var after: (createdAt: Int64, id: String)?
            while true {
                let rows = try await Outbox.pushes(since: cursor, after: after, limit: 1000, on: database.sql)
                for row in rows {
                    if let push = try? MessageJSON.decode(PushEnvelope.self, from: Array(row.body.utf8)) { runtime.hub.deliver(push) }
                }
                guard rows.count == 1000, let last = rows.last else { break }
                (cursor, after) = (last.createdAt, (last.createdAt, last.id))
            }
        } catch {
            runtime.logger.warning("push replay failed", metadata: ["error": "\(error)"])
        }
    }

    private func tail() async {
        // A rescan every 10 polls (200 ms at the default poll) bounds how late a row whose
        // transaction committed out of order arrives, at a tenth of the reads of rescanning always.
        var tail = OutboxTail(startingAt: Timestamp.nowMillis(), lookbackMillis: Self.tailLookbackMillis, rescanEveryPolls: 10)
        let page = 1000
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                var (since, after) = tail.nextPoll()
                while true {
                    let rows = try await Outbox.pushes(since: since, after: after, limit: page, on: database.sql)
                    for row in rows where tail.accept(id: row.id, createdAt: row.createdAt) {
                        if let push = try? MessageJSON.decode(PushEnvelope.self, from: Array(row.body.utf8)) { runtime.hub.deliver(push) }
                    }
                    guard rows.count == page, let last = rows.last else { break }
                    (since, after) = (last.createdAt, (last.createdAt, last.id))
                }
            } catch {
                runtime.logger.failure("outbox tail failed", error: error)
            }
            try? await Task.sleep(for: .milliseconds(runtime.settings.tailPollMillis))
        }
    }
}

/// When the replica's broker connection was last lost, shared with the consumer's thread.
final class MillisBox: Sendable {
    private let value: Mutex<Int64>
    init(_ initial: Int64) { value = Mutex(initial) }
    func get() -> Int64 { value.withLock { $0 } }
    func set(_ new: Int64) { value.withLock { $0 = new } }
}
