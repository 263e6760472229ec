/// Many runs of one script in a single write on one connection: the replies come back in order,
/// so a batch costs one round trip however many calls it holds.
extension RedisClient {
    public struct ScriptCall: Sendable {
        public var keys: [String]
        public var arguments: [String]
        public init(keys: [String], arguments: [String]) {
            self.keys = keys
            self.arguments = arguments
        }
    }

    /// Replies in the order of `calls`. Any reply that is an error is thrown (after one reload and
    /// retry when the server lost the script: `NOSCRIPT` after a restart or `SCRIPT FLUSH`).
    /// `prefix` commands (e.g. `DEL`) go first in the same write; their replies are not returned.
    public func runPipelined(_ script: RedisScript, calls: [ScriptCall], prefix: [RedisCommand] = []) async throws -> [RESPValue] {
        let connection = try await connection()
        let commands = prefix + calls.map { script.evalsha(keys: $0.keys, arguments: $0.arguments) }
        var replies = try await connection.send(commands)
        if replies.contains(where: { if case .error(let message) = $0 { message.hasPrefix("NOSCRIPT") } else { false } }) {
            _ = try await connection.send(RedisCommand("SCRIPT", "LOAD", script.source))
            replies = try await connection.send(calls.map { script.evalsha(keys: $0.keys, arguments: $0.arguments) })
        } else {
            replies.removeFirst(prefix.count)
        }
        for reply in replies { _ = try reply.throwingError() }
        return replies
    }
}
