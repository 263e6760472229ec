import Foundation
import Logging
import Messaging
import Testing

/// Against the real broker `make test` starts (`scripts/rabbitmq.sh`): a missing
/// `WAVE3_TEST_AMQP_URL` fails these tests rather than skipping them.
@Suite struct MessagingTests {
    static func brokerURL() throws -> AMQPURL {
        guard let raw = ProcessInfo.processInfo.environment["WAVE3_TEST_AMQP_URL"], !raw.isEmpty else {
            throw AMQPError("WAVE3_TEST_AMQP_URL is not set: start a broker with scripts/rabbitmq.sh start")
        }
        return try AMQPURL(raw)
    }

    @Test func parsesURLs() throws {
        #expect(try AMQPURL("amqp://u:p%40ss@example.org:5673/my%2Fvhost") == AMQPURL(host: "example.org", port: 5673, user: "u", password: "p@ss", vhost: "my/vhost"))
        #expect(try AMQPURL("amqp://localhost") == AMQPURL(host: "localhost"))
        #expect(throws: AMQPError.self) { try AMQPURL("http://localhost") }
    }

    @Test func publishesWithConfirmsAndConsumesWithManualAcks() async throws {
        let url = try Self.brokerURL()
        let name = "test.\(UUID().uuidString)"
        let topology = AMQPTopology(exchanges: [.init("test.direct", .direct)],
                                    queues: [.init(name, durable: false, autoDelete: true, maxPriority: 5, bindings: [.init("test.direct", name)])])
        let logger = Logger(label: "test")
        let consumer = AMQPConsumer(url: url, topology: topology, queueKey: name, prefetch: 10, logger: logger)
        defer { consumer.shutdown() }
        let publisher = AMQPPublisher(url: url, topology: topology, logger: logger)
        defer { publisher.shutdown() }
        let messages = (0..<200).map { AMQPMessage(exchange: "test.direct", routingKey: name, body: Array("m\($0)".utf8), messageId: "id-\($0)") }
        try await publisher.publish(messages)
        var seen: [String: Int] = [:]
        var requeued = false
        for await delivery in consumer.deliveries {
            if delivery.messageId == "id-7", !requeued {
                // A nack with requeue comes back, flagged as redelivered.
                requeued = true
                consumer.nack(delivery, requeue: true)
                continue
            }
            if delivery.messageId == "id-7" { #expect(delivery.redelivered) }
            #expect(String(decoding: delivery.body, as: UTF8.self) == "m" + delivery.messageId.dropFirst(3))
            seen[delivery.messageId, default: 0] += 1
            consumer.ack(delivery)
            if seen.count == 200 { break }
        }
        #expect(seen.count == 200)
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(publisher.isConnected)
    }

    @Test func unreachableBrokerFailsThePublishInsteadOfHanging() async throws {
        let publisher = AMQPPublisher(url: AMQPURL(host: "127.0.0.1", port: 1), topology: AMQPTopology(), logger: Logger(label: "test"))
        defer { publisher.shutdown() }
        await #expect(throws: AMQPError.self) {
            try await publisher.publish(AMQPMessage(exchange: "", routingKey: "x", body: [1], messageId: "x"))
        }
    }
}
