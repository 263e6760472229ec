import Foundation
import Logging

/// Publishes with publisher confirms on a connection owned by a thread of its own, so rabbitmq-c's
/// blocking calls never run on an event loop or the cooperative pool. Callers suspend until the
/// broker confirms their batch (or it fails: a lost connection fails what was in flight, and the
/// thread reconnects with back-off and re-declares the topology).
public final class AMQPPublisher: Sendable {
    struct Pending: Sendable {
        let messages: [AMQPMessage]
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let link: AMQPLink<[Pending]>
    /// Messages per publish-then-confirm round.
    private let batchLimit = 512

    public init(url: AMQPURL, topology: AMQPTopology, heartbeatSeconds: Int = 10, logger: Logger) {
        link = AMQPLink(role: "publisher", url: url, heartbeatSeconds: heartbeatSeconds, logger: logger, extra: [])
        link.start(threadName: "amqp-publisher") { [self] in self.run(topology: topology) }
    }

    public var isConnected: Bool { link.isConnected }

    /// Successful connections so far: 1 plus the reconnections (tests read it to tell a kept
    /// connection from a replaced one).
    public var connectionCount: Int { link.connectionCount }

    /// Publishes `messages` and returns once the broker has confirmed every one of them.
    public func publish(_ messages: [AMQPMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = link.state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.extra.append(Pending(messages: messages, continuation: continuation))
                return true
            }
            if accepted { link.wake() } else { continuation.resume(throwing: AMQPError("publisher stopped")) }
        }
    }

    public func publish(_ message: AMQPMessage) async throws { try await publish([message]) }

    /// Fails what is queued, closes the connection and waits for the thread to end.
    public func shutdown() { link.shutdown() }

    /// Asks the thread to end without waiting; true the first time.
    @discardableResult
    public func stop() -> Bool { link.stop() }

    /// `shutdown` without blocking the caller's thread.
    public func close() async { await link.close() }

    private func run(topology: AMQPTopology) {
        var connection: AMQPConnection?
        var backoff = Backoff()
        var nextTag: UInt64 = 1
        while !link.isStopped {
            if connection == nil {
                let prepared = link.connect(backoff: &backoff, prepare: { fresh in
                    try fresh.declare(topology)
                    try fresh.confirmSelect()
                }, failed: failQueued)
                guard let (fresh, _) = prepared else { continue }
                connection = fresh
                nextTag = 1
                link.logger.info("amqp publisher connected", metadata: ["host": "\(link.url.host):\(link.url.port)"])
            }
            guard let live = connection else { continue }
            let batch = takeBatch()
            if batch.isEmpty {
                if !link.waitForWake(seconds: 1) {
                    do { try live.service(timeoutMilliseconds: 0) } catch { link.drop(&connection, error) }
                }
                continue
            }
            do {
                try publishAndConfirm(batch, on: live, nextTag: &nextTag)
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
                link.drop(&connection, error)
            }
        }
        connection?.close()
        failQueued(AMQPError("publisher stopped"))
    }

    private func takeBatch() -> [Pending] {
        link.state.withLock { state in
            var count = 0
            var taken = 0
            while taken < state.extra.count, count < batchLimit {
                count += state.extra[taken].messages.count
                taken += 1
            }
            let batch = Array(state.extra.prefix(taken))
            state.extra.removeFirst(taken)
            return batch
        }
    }

    private func failQueued(_ error: any Error) {
        let queued = link.state.withLock { state -> [Pending] in
            defer { state.extra.removeAll() }
            return state.extra
        }
        for pending in queued { pending.continuation.resume(throwing: error) }
    }

    /// Publishes the whole batch, then reads confirms until every delivery tag is settled.
    private func publishAndConfirm(_ batch: [Pending], on connection: AMQPConnection, nextTag: inout UInt64) throws {
        let first = nextTag
        var lastTagOf: [UInt64] = []
        lastTagOf.reserveCapacity(batch.count)
        for pending in batch {
            for message in pending.messages {
                try connection.publish(message)
                nextTag += 1
            }
            lastTagOf.append(nextTag - 1)
        }
        let last = nextTag - 1
        var settled = Array(repeating: false, count: Int(last - first + 1))
        var nacked = Array(repeating: false, count: settled.count)
        var outstanding = settled.count
        let deadline = Date().addingTimeInterval(10)
        while outstanding > 0 {
            guard Date() < deadline else { throw AMQPError("no publisher confirm within 10 s") }
            let confirm = try connection.waitConfirm(timeoutMilliseconds: 1000)
            let tag: UInt64, multiple: Bool, isNack: Bool
            switch confirm {
            case .timeout: continue
            case .ack(let t, let m): (tag, multiple, isNack) = (t, m, false)
            case .nack(let t, let m): (tag, multiple, isNack) = (t, m, true)
            }
            guard tag >= first, tag <= last else { continue }
            let upper = Int(tag - first)
            let lower = multiple ? 0 : upper
            for index in lower...upper where !settled[index] {
                settled[index] = true
                nacked[index] = isNack
                outstanding -= 1
            }
        }
        var start = first
        for (pending, end) in zip(batch, lastTagOf) {
            let anyNack = (start...end).contains { nacked[Int($0 - first)] }
            if anyNack { pending.continuation.resume(throwing: AMQPError("broker refused a message (nack)")) } else { pending.continuation.resume() }
            start = end + 1
        }
    }
}
