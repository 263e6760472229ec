import Foundation
import Logging
import Messaging
import Testing
import TestSupport

/// Broker outages on a node of the test's own: reconnection with re-declaration, and heartbeats
/// that keep an idle connection open and notice a broker that stopped answering.
@Suite(.serialized) struct ReconnectTests {
    /// A non-durable queue disappears with the broker's restart: receiving after it proves the
    /// consumer re-declared it and its binding when it reconnected.
    static let topology = AMQPTopology(exchanges: [.init("restart.fanout", .fanout)],
                                       queues: [.init("restart.q", durable: false, bindings: [.init("restart.fanout")])])

    static func message(_ id: String) -> AMQPMessage {
        AMQPMessage(exchange: "restart.fanout", routingKey: "", body: Array(id.utf8), messageId: id)
    }

    static func next(_ iterator: inout AsyncStream<AMQPDelivery>.Iterator, consumer: AMQPConsumer) async -> String? {
        guard let delivery = await iterator.next() else { return nil }
        consumer.ack(delivery)
        return delivery.messageId
    }

    @Test func reconnectsRedeclaresAndConsumesAfterTheBrokerReturns() async throws {
        let broker = try await PrivateRabbitMQ.start()
        let url = try broker.amqpURL()
        let logger = Logger(label: "test")
        let consumer = AMQPConsumer(url: url, topology: Self.topology, queueKey: "restart.q", heartbeatSeconds: 2, logger: logger)
        let publisher = AMQPPublisher(url: url, topology: Self.topology, heartbeatSeconds: 2, logger: logger)
        do {
            var iterator = consumer.deliveries.makeAsyncIterator()
            try await eventually("consumer connected") { consumer.isConnected }
            try await publisher.publish(Self.message("before"))
            #expect(await Self.next(&iterator, consumer: consumer) == "before")

            try await broker.stopApp()
            try await eventually("both connections lost") { !consumer.isConnected && !publisher.isConnected }
            // While the broker is away a publish fails (the outbox keeps the message): it never hangs.
            await #expect(throws: AMQPError.self) { try await publisher.publish(Self.message("during")) }

            try await broker.startApp()
            try await eventually("consumer reconnected", within: 30) { consumer.isConnected }
            try await eventually("published after the return", within: 30) {
                (try? await publisher.publish(Self.message("after"))) != nil
            }
            #expect(await Self.next(&iterator, consumer: consumer) == "after")
            #expect(consumer.connectionCount == 2)
            #expect(publisher.connectionCount == 2)
        } catch {
            await consumer.close(); await publisher.close(); await broker.stop()
            throw error
        }
        await consumer.close(); await publisher.close(); await broker.stop()
    }

    @Test func heartbeatsKeepIdleConnectionsAndDetectAFrozenBroker() async throws {
        let broker = try await PrivateRabbitMQ.start()
        let url = try broker.amqpURL()
        let logger = Logger(label: "test")
        let consumer = AMQPConsumer(url: url, topology: Self.topology, queueKey: "restart.q", heartbeatSeconds: 1, logger: logger)
        let publisher = AMQPPublisher(url: url, topology: Self.topology, heartbeatSeconds: 1, logger: logger)
        let pidFile = URL(fileURLWithPath: broker.dir).appendingPathComponent("rabbitmq.pid")
        do {
            var iterator = consumer.deliveries.makeAsyncIterator()
            try await eventually("consumer connected") { consumer.isConnected }
            try await publisher.publish(Self.message("first"))
            #expect(await Self.next(&iterator, consumer: consumer) == "first")
            // Idle for 4 heartbeat periods: the broker closes a peer that misses two, so a kept
            // connection proves ours are sent.
            try await Task.sleep(for: .seconds(4))
            try await publisher.publish(Self.message("idle"))
            #expect(await Self.next(&iterator, consumer: consumer) == "idle")
            #expect(consumer.connectionCount == 1 && publisher.connectionCount == 1)

            // A broker that stops answering (SIGSTOP: no close frame, the socket stays open) is
            // noticed by the missing heartbeats alone.
            let pid = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(pid, SIGSTOP)
            let frozenAt = Date()
            try await eventually("frozen broker noticed", within: 15) { !consumer.isConnected }
            kill(pid, SIGCONT)
            #expect(Date().timeIntervalSince(frozenAt) < 10)
            try await eventually("reconnected after the thaw", within: 30) { consumer.isConnected && consumer.connectionCount == 2 }
            try await eventually("publish after the thaw", within: 30) { (try? await publisher.publish(Self.message("thawed"))) != nil }
            var seen: String?
            while let id = await Self.next(&iterator, consumer: consumer) {
                seen = id
                if id == "thawed" { break }
            }
            #expect(seen == "thawed")
        } catch {
            if let pid = try? String(contentsOf: pidFile, encoding: .utf8), let value = Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(value, SIGCONT) }
            await consumer.close(); await publisher.close(); await broker.stop()
            throw error
        }
        await consumer.close(); await publisher.close(); await broker.stop()
    }
}
