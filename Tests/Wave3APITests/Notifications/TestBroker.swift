import Foundation
import Messaging
import TestSupport

/// A RabbitMQ node of the test's own (`scripts/rabbitmq.sh start`), for tests that stop and start
/// the broker: the shared one of `make test` must stay up for the suites running alongside. A
/// machine without rabbitmq-server fails these tests.
struct TestBroker: Sendable {
    static let repositoryRoot = TestEnvironment.repositoryRoot
    let url: AMQPURL
    let dir: String

    static func start() async throws -> TestBroker {
        let output = try await script(["start"])
        var values: [String: String] = [:]
        for word in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.contains("=") {
            let parts = word.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = String(parts[1])
        }
        guard let raw = values["WAVE3_TEST_AMQP_URL"], let dir = values["WAVE3_RABBITMQ_DIR"] else {
            throw AMQPError("scripts/rabbitmq.sh start printed no URL: \(output)")
        }
        return TestBroker(url: try AMQPURL(raw), dir: dir)
    }

    func stopApp() async throws { _ = try await Self.script(["stop-app", dir]) }
    func startApp() async throws { _ = try await Self.script(["start-app", dir]) }
    func stop() async { _ = try? await Self.script(["stop", dir]) }

    /// Runs the script with its output in a file (the broker it launches must not hold a pipe).
    static func script(_ arguments: [String]) async throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rabbitmq-sh-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let script = repositoryRoot.appendingPathComponent("scripts/rabbitmq.sh").path
        let command = ([script] + arguments).map { "'\($0)'" }.joined(separator: " ") + " >'\(outputFile.path)' 2>/dev/null </dev/null"
        let status = try await Spawn.run(command)
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard status == 0 else { throw AMQPError("scripts/rabbitmq.sh \(arguments.joined(separator: " ")) exited \(status): \(output)") }
        return output
    }
}
