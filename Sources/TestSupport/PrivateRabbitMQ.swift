import Foundation

/// A RabbitMQ node of the test's own (`scripts/rabbitmq.sh start`), for tests that stop and start
/// the broker: the shared one of `make test` must stay up for the suites running alongside. A
/// machine without rabbitmq-server fails these tests.
public struct PrivateRabbitMQ: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/rabbitmq.sh").path

    /// `amqp://guest:guest@127.0.0.1:PORT/`, as the script prints it.
    public let url: String
    public let dir: String

    public static func start() async throws -> PrivateRabbitMQ {
        let output = try await run(["start"])
        var values: [String: String] = [:]
        for word in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.contains("=") {
            let parts = word.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = String(parts[1])
        }
        guard let url = values["WAVE3_TEST_AMQP_URL"], let dir = values["WAVE3_RABBITMQ_DIR"] else {
            throw ServiceScriptFailed(description: "scripts/rabbitmq.sh start printed no URL: \(output)")
        }
        return PrivateRabbitMQ(url: url, dir: dir)
    }

    public func stopApp() async throws { _ = try await Self.run(["stop-app", dir]) }
    public func startApp() async throws { _ = try await Self.run(["start-app", dir]) }
    public func stop() async { _ = try? await Self.run(["stop", dir]) }

    /// Runs the script with its output in a file (the broker it launches must not hold a pipe).
    static func run(_ arguments: [String]) async throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rabbitmq-sh-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >'\(outputFile.path)' 2>/dev/null </dev/null"
        let status = try await Spawn.run(command)
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ServiceScriptFailed(description: "scripts/rabbitmq.sh \(arguments.joined(separator: " ")) exited \(status): \(output)") }
        return output
    }
}
