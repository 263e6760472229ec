import CRabbitMQShim
import Foundation

/// One rabbitmq-c connection with channel 1 open. rabbitmq-c is not thread-safe, so an instance
/// never leaves the thread that created it (`AMQPPublisher` and `AMQPConsumer` each own one
/// thread); that is why this class is deliberately not `Sendable`.
final class AMQPConnection {
    static let channel: Int32 = 1
    private var handle: OpaquePointer?
    private var errorBuffer = [CChar](repeating: 0, count: 512)

    init(url: AMQPURL, heartbeatSeconds: Int, timeoutMilliseconds: Int = 5000) throws {
        var buffer = [CChar](repeating: 0, count: 512)
        guard let handle = w3_connect(url.host, Int32(url.port), url.vhost, url.user, url.password,
                                      Int32(heartbeatSeconds), Int32(timeoutMilliseconds), &buffer, buffer.count) else {
            throw AMQPError(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.handle = handle
        try check(w3_channel_open(handle, Self.channel, &errorBuffer, errorBuffer.count))
    }

    deinit { close() }

    func close() {
        if let handle { w3_close(handle) }
        handle = nil
    }

    private func check(_ status: Int32) throws {
        guard status == 0 else {
            throw AMQPError(String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    private var live: OpaquePointer {
        get throws {
            guard let handle else { throw AMQPError("connection closed") }
            return handle
        }
    }

    func confirmSelect() throws { try check(w3_confirm_select(try live, Self.channel, &errorBuffer, errorBuffer.count)) }

    func qos(prefetch: Int) throws { try check(w3_qos(try live, Self.channel, Int32(prefetch), &errorBuffer, errorBuffer.count)) }

    func consume(queue: String) throws { try check(w3_consume(try live, Self.channel, queue, &errorBuffer, errorBuffer.count)) }

    func purge(queue: String) throws { try check(w3_queue_purge(try live, Self.channel, queue, &errorBuffer, errorBuffer.count)) }

    /// Declares every exchange, queue and binding (idempotent for the same arguments) and returns
    /// the name each queue got, server-named ones included, by its `key`.
    @discardableResult
    func declare(_ topology: AMQPTopology) throws -> [String: String] {
        let handle = try live
        for exchange in topology.exchanges {
            try check(w3_exchange_declare(handle, Self.channel, exchange.name, exchange.type.rawValue, exchange.durable ? 1 : 0, &errorBuffer, errorBuffer.count))
        }
        var names: [String: String] = [:]
        for queue in topology.queues {
            var name = [CChar](repeating: 0, count: 256)
            var count: UInt32 = 0
            try check(w3_queue_declare(handle, Self.channel, queue.name, queue.durable ? 1 : 0, queue.exclusive ? 1 : 0, queue.autoDelete ? 1 : 0,
                                       Int32(queue.maxPriority), queue.deadLetterExchange, queue.deadLetterRoutingKey,
                                       &name, name.count, &count, &errorBuffer, errorBuffer.count))
            let actual = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            names[queue.key] = actual
            for binding in queue.bindings {
                try check(w3_queue_bind(handle, Self.channel, actual, binding.exchange, binding.routingKey, &errorBuffer, errorBuffer.count))
            }
        }
        return names
    }

    /// The number of ready messages in a durable queue (a passive-free redeclare with its arguments).
    func messageCount(_ queue: AMQPTopology.Queue) throws -> Int {
        var count: UInt32 = 0
        var name = [CChar](repeating: 0, count: 256)
        try check(w3_queue_declare(try live, Self.channel, queue.name, queue.durable ? 1 : 0, queue.exclusive ? 1 : 0, queue.autoDelete ? 1 : 0,
                                   Int32(queue.maxPriority), queue.deadLetterExchange, queue.deadLetterRoutingKey,
                                   &name, name.count, &count, &errorBuffer, errorBuffer.count))
        return Int(count)
    }

    func publish(_ message: AMQPMessage) throws {
        let handle = try live
        let status = message.body.withUnsafeBytes { body in
            w3_publish(handle, Self.channel, message.exchange, message.routingKey, body.baseAddress, body.count,
                       message.messageId, Int32(message.priority), message.expirationMilliseconds.map(String.init))
        }
        guard status == 0 else { throw AMQPError("basic.publish failed (\(status))") }
    }

    enum Confirm { case ack(tag: UInt64, multiple: Bool), nack(tag: UInt64, multiple: Bool), timeout }

    func waitConfirm(timeoutMilliseconds: Int) throws -> Confirm {
        var tag: UInt64 = 0
        var multiple: Int32 = 0
        var nack: Int32 = 0
        let status = w3_wait_confirm(try live, Int32(timeoutMilliseconds), &tag, &multiple, &nack)
        if status < 0 { throw AMQPError("connection lost while waiting for confirms") }
        if status == 0 { return .timeout }
        return nack != 0 ? .nack(tag: tag, multiple: multiple != 0) : .ack(tag: tag, multiple: multiple != 0)
    }

    /// The next delivery within the timeout, nil when none came.
    func nextDelivery(timeoutMilliseconds: Int, generation: UInt64) throws -> AMQPDelivery? {
        var raw = w3_delivery()
        let status = w3_next_delivery(try live, Int32(timeoutMilliseconds), &raw)
        if status < 0 { throw AMQPError("connection lost while consuming") }
        if status == 0 { return nil }
        defer { w3_delivery_free(&raw) }
        let body = raw.body.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.body_len)) } ?? []
        let messageId = withUnsafeBytes(of: raw.message_id) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return AMQPDelivery(tag: raw.tag, generation: generation, body: body, messageId: messageId,
                            redelivered: raw.redelivered != 0, priority: Int(raw.priority))
    }

    func ack(tag: UInt64) throws {
        guard w3_ack(try live, Self.channel, tag) == 0 else { throw AMQPError("basic.ack failed") }
    }

    func nack(tag: UInt64, requeue: Bool) throws {
        guard w3_nack(try live, Self.channel, tag, requeue ? 1 : 0) == 0 else { throw AMQPError("basic.nack failed") }
    }

    /// Lets rabbitmq-c send and check heartbeats on an idle connection.
    func service(timeoutMilliseconds: Int) throws {
        guard w3_service(try live, Int32(timeoutMilliseconds)) == 0 else { throw AMQPError("connection lost") }
    }
}
