import Crypto

/// A Lua script run by its SHA1 (`EVALSHA`); the client loads it again when the server answers
/// `NOSCRIPT` (after a restart or `SCRIPT FLUSH`).
public struct RedisScript: Sendable {
    public let source: String
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    func evalsha(keys: [String], arguments: [String]) -> RedisCommand {
        RedisCommand(["EVALSHA", sha1, String(keys.count)] + keys + arguments)
    }
}
