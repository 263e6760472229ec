import NIOCore

/// A subscribed connection of its own (a subscribed connection takes no other commands), kept
/// open until the surrounding task is cancelled and reconnected with back-off when it drops.
public struct RedisSubscriber: Sendable {
    public let configuration: RedisConfiguration
    let group: any EventLoopGroup

    public init(client: RedisClient) {
        self.configuration = client.configuration
        self.group = client.group
    }

    /// Delivers `(channel, message)` for each published message. `onSubscribed` runs after each
    /// (re)subscription: whatever was published while disconnected was missed, so a cache must
    /// treat that moment as "everything may have changed".
    public func run(channels: [String], onSubscribed: @escaping @Sendable () -> Void,
                    onMessage: @escaping @Sendable (_ channel: String, _ message: String) -> Void) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(
                    to: configuration.url, group: group, connectTimeout: configuration.connectTimeout,
                    commandTimeout: configuration.commandTimeout,
                    onPush: { reply in
                        guard let parts = reply.array, parts.count == 3, parts[0].string == "message",
                              let channel = parts[1].string, let message = parts[2].string else { return }
                        onMessage(channel, message)
                    })
                _ = try await connection.send(channels.map { RedisCommand("SUBSCRIBE", $0) })
                failures = 0
                onSubscribed()
                await withTaskCancellationHandler {
                    try? await connection.closeFuture.get()
                } onCancel: {
                    connection.close()
                }
            } catch {
                failures += 1
            }
            guard !Task.isCancelled else { return }
            try? await Task.sleep(nanoseconds: UInt64(configuration.backoff(afterFailures: max(1, failures)).nanoseconds))
        }
    }
}
