import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A service script (scripts/redis.sh, scripts/rabbitmq.sh) that failed or printed no address.
public struct ServiceScriptFailed: Error, CustomStringConvertible {
    public var description: String
}

/// A private redis-server of the test's own (scripts/redis.sh: free port, own dir, no
/// persistence), so it can be killed and restarted without touching anyone else's. A machine
/// without redis-server fails here: the tests that use it need the real thing.
public struct PrivateRedisServer: Sendable {
    public let url: String
    public let dir: String

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/redis.sh").path

    /// posix_spawn and waitpid: Foundation's `Process.waitUntilExit` can hang when called from a
    /// Swift concurrency thread on Linux.
    static func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("redis-sh-\(UUID().uuidString).out").path
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " > '\(output)'"
        let argv: [UnsafeMutablePointer<CChar>?] = ([String](["/bin/sh", "-c", command])).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw ServiceScriptFailed(description: "cannot spawn scripts/redis.sh") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard status == 0 else { throw ServiceScriptFailed(description: "scripts/redis.sh \(arguments) failed (\(status)): is redis-server installed?") }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    public static func start() throws -> PrivateRedisServer {
        var values: [String: String] = [:]
        for word in try run(["start"]).split(whereSeparator: \.isWhitespace) where word.contains("=") {
            let parts = word.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = String(parts[1])
        }
        guard let url = values["WAVE3_TEST_REDIS_URL"], let dir = values["WAVE3_REDIS_DIR"] else {
            throw ServiceScriptFailed(description: "scripts/redis.sh start printed no URL")
        }
        return PrivateRedisServer(url: url, dir: dir)
    }

    /// SIGKILL, leaving the directory (and port) for `restart`, which brings the server back empty.
    public func kill() throws { _ = try Self.run(["kill", dir]) }
    public func restart() throws { _ = try Self.run(["restart", dir]) }
    public func stop() { _ = try? Self.run(["stop", dir]) }
}
