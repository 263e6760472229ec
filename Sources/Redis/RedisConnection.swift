import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One TCP connection to Redis. Many commands may be in flight at once (pipelined); a command
/// not answered within the timeout closes the connection (`RedisChannelHandler`'s watchdog),
/// since every later reply on it would then be misattributed.
public final class RedisConnection: Sendable {
    let channel: any Channel

    init(channel: any Channel) {
        self.channel = channel
    }

    public var isActive: Bool { channel.isActive }

    /// Connects, then authenticates and selects the database named in the URL.
    public static func connect(to url: RedisURL, group: any EventLoopGroup, connectTimeout: TimeAmount, commandTimeout: TimeAmount,
                               onPush: (@Sendable (RESPValue) -> Void)? = nil) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(commandTimeout: commandTimeout, onPush: onPush))
                    }
                }
                .connect(host: url.host, port: url.port).get()
        } catch {
            throw RedisError.unavailable("connect to \(url.host):\(url.port): \(error)")
        }
        let connection = RedisConnection(channel: channel)
        do {
            var setup: [RedisCommand] = []
            if let password = url.password {
                setup.append(url.user.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password))
            }
            if url.database != 0 { setup.append(RedisCommand("SELECT", String(url.database))) }
            if !setup.isEmpty {
                for reply in try await connection.send(setup) { _ = try reply.throwingError() }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends the commands in one write and returns their replies in order; error replies are
    /// returned as `.error` values so one failing command does not hide the others.
    public func send(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        var buffer = channel.allocator.buffer(capacity: commands.count * 64)
        for command in commands { command.encode(into: &buffer) }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        channel.writeAndFlush(RedisOutbound(bytes: buffer, count: commands.count, promise: promise)).whenFailure { error in
            promise.fail(error)
        }
        return try await promise.futureResult.get()
    }

    public func send(_ command: RedisCommand) async throws -> RESPValue {
        try await send([command])[0].throwingError()
    }

    public func close() {
        channel.close(promise: nil)
    }

    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }
}
