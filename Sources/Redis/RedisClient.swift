import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A bounded pool of pipelined connections. Commands spread round-robin over the slots; a lost
/// connection is replaced on next use, after a back-off that grows with consecutive failures.
public final class RedisClient: Sendable {
    public let configuration: RedisConfiguration
    let group: any EventLoopGroup
    /// Slot i connects on `loops[i % loops.count]`, so a caller running on one of these loops
    /// (a request task preferring its connection's loop) gets a connection on the same loop:
    /// its write and the reply's resumption then need no thread switch.
    private let loops: [any EventLoop]
    private let slots: NIOLockedValueBox<[ConnectionSlot]>
    private let counter = NIOLockedValueBox(0)

    public init(configuration: RedisConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
        self.loops = Array(group.makeIterator())
        self.slots = NIOLockedValueBox(Array(repeating: .idle(failures: 0), count: configuration.poolSize))
    }

    public convenience init(url: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.init(configuration: RedisConfiguration(url: try RedisURL(url)), group: group)
    }

    /// Replies of a pipelined batch, in order; error replies stay `.error` values.
    public func send(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        try await connection().send(commands)
    }

    /// One command; an error reply is thrown.
    @discardableResult
    public func command(_ arguments: String...) async throws -> RESPValue {
        try await connection().send(RedisCommand(arguments))
    }

    @discardableResult
    public func command(_ command: RedisCommand) async throws -> RESPValue {
        try await connection().send(command)
    }

    /// Runs `script` by SHA, loading it first if the server does not know it.
    public func run(_ script: RedisScript, keys: [String], arguments: [String]) async throws -> RESPValue {
        let connection = try await connection()
        do {
            return try await connection.send(script.evalsha(keys: keys, arguments: arguments))
        } catch let error as RedisError where error.isNoScript {
            _ = try await connection.send(RedisCommand("SCRIPT", "LOAD", script.source))
            return try await connection.send(script.evalsha(keys: keys, arguments: arguments))
        }
    }

    public func ping() async throws {
        guard try await command("PING").string == "PONG" else { throw RedisError.unexpectedReply("PING") }
    }

    /// Closes every connection; later commands reconnect.
    public func shutdown() {
        let connections = slots.withLockedValue { slots -> [RedisConnection] in
            defer { slots = Array(repeating: .idle(failures: 0), count: slots.count) }
            return slots.compactMap { if case .ready(let connection) = $0 { connection } else { nil } }
        }
        for connection in connections { connection.close() }
    }

    private enum Next {
        case use(RedisConnection)
        case wait(Task<RedisConnection, any Error>)
        case refuse(String)
    }

    func connection() async throws -> RedisConnection {
        let turn = counter.withLockedValue { value in
            value = value &+ 1
            return value
        }
        let index = slotIndex(turn: turn)
        let next = slots.withLockedValue { slots -> Next in
            switch slots[index] {
            case .ready(let connection) where connection.isActive:
                return .use(connection)
            case .connecting(let task):
                return .wait(task)
            case .backingOff(let until, _, let reason) where NIODeadline.now() < until:
                return .refuse(reason)
            case .backingOff(_, let failures, _), .idle(let failures):
                let task = connectTask(index: index, failures: failures)
                slots[index] = .connecting(task)
                return .wait(task)
            case .ready:
                let task = connectTask(index: index, failures: 0)
                slots[index] = .connecting(task)
                return .wait(task)
            }
        }
        switch next {
        case .use(let connection): return connection
        case .wait(let task): return try await task.value
        case .refuse(let reason): throw RedisError.unavailable(reason)
        }
    }

    /// Round-robin over the slots on the caller's event loop when it runs on one of ours (and
    /// the pool has a slot there), over every slot otherwise.
    private func slotIndex(turn: Int) -> Int {
        let size = configuration.poolSize
        guard loops.count > 1, let loop = loops.firstIndex(where: { $0.inEventLoop }), loop < size else { return turn % size }
        let onLoop = (size - loop + loops.count - 1) / loops.count
        return loop + loops.count * (turn % onLoop)
    }

    private func connectTask(index: Int, failures: Int) -> Task<RedisConnection, any Error> {
        let loop = loops.isEmpty ? group.next() : loops[index % loops.count]
        return Task {
            do {
                let connection = try await RedisConnection.connect(to: configuration.url, group: loop, connectTimeout: configuration.connectTimeout,
                                                                   commandTimeout: configuration.commandTimeout)
                slots.withLockedValue { $0[index] = .ready(connection) }
                connection.closeFuture.whenComplete { [slots] _ in
                    slots.withLockedValue { slots in
                        if case .ready(let current) = slots[index], current === connection { slots[index] = .idle(failures: 0) }
                    }
                }
                return connection
            } catch {
                let delay = configuration.backoff(afterFailures: failures + 1)
                slots.withLockedValue { $0[index] = .backingOff(until: .now() + delay, failures: failures + 1, reason: String(describing: error)) }
                throw error
            }
        }
    }
}
