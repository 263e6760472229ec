import Foundation
import Logging
import Messaging

// notify-bench AMQP_URL [MESSAGES] [BATCH]: publish throughput of `AMQPPublisher` with publisher
// confirms, in batches the size of the outbox relay's, to a durable queue; prints one figure
// (scripts/bench-notify.sh compares it with a bare rabbitmq-c loop run against the same broker).
let arguments = CommandLine.arguments
guard arguments.count >= 2, let url = try? AMQPURL(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: notify-bench AMQP_URL [MESSAGES] [BATCH]\n".utf8))
    exit(2)
}
let total = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let batch = arguments.count > 3 ? Int(arguments[3]) ?? 500 : 500
let queue = "bench.publish.swift"
let topology = AMQPTopology(queues: [.init(queue)])
var logger = Logger(label: "notify-bench")
logger.logLevel = .warning
try await AMQPAdmin.purge(url: url, topology: topology, queues: [queue])
let publisher = AMQPPublisher(url: url, topology: topology, logger: logger)
let body = Array(String(repeating: "n", count: 200).utf8)

func round(_ first: Int, _ count: Int) async throws {
    let messages = (first..<(first + count)).map { AMQPMessage(exchange: "", routingKey: queue, body: body, messageId: "m-\($0)") }
    try await publisher.publish(messages)
}

try await round(0, 1000)  // connect and warm up
let start = ContinuousClock.now
var sent = 0
while sent < total {
    let count = min(batch, total - sent)
    try await round(1000 + sent, count)
    sent += count
}
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "swift_publish_per_s %.0f", Double(total) / seconds))
await publisher.close()
try await AMQPAdmin.purge(url: url, topology: topology, queues: [queue])
