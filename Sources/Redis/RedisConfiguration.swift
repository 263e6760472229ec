import NIOCore

public struct RedisConfiguration: Sendable {
    public var url: RedisURL
    /// Connections in the pool; each carries many pipelined commands at once, so a few suffice.
    public var poolSize: Int
    public var connectTimeout: TimeAmount
    public var commandTimeout: TimeAmount
    /// Back-off after a failed connect doubles from `minimumBackoff` up to this.
    public var maximumBackoff: TimeAmount
    public var minimumBackoff: TimeAmount

    public init(url: RedisURL, poolSize: Int = 4, connectTimeout: TimeAmount = .milliseconds(500), commandTimeout: TimeAmount = .seconds(1),
                minimumBackoff: TimeAmount = .milliseconds(50), maximumBackoff: TimeAmount = .seconds(1)) {
        self.url = url
        self.poolSize = max(1, poolSize)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.minimumBackoff = minimumBackoff
        self.maximumBackoff = maximumBackoff
    }

    func backoff(afterFailures failures: Int) -> TimeAmount {
        let shift = min(failures - 1, 20)
        return min(maximumBackoff, .nanoseconds(minimumBackoff.nanoseconds << Int64(max(0, shift))))
    }
}
