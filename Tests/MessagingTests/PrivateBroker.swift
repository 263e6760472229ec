import Foundation
import Messaging

/// A RabbitMQ node of the test's own (`scripts/rabbitmq.sh start`), for tests that stop and start
/// the broker: the shared one of `make test` must stay up for the suites running alongside. A
/// machine without rabbitmq-server fails these tests.
struct PrivateBroker: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url: AMQPURL
    let dir: String

    static func start() async throws -> PrivateBroker {
        let output = try await script(["start"])
        var values: [String: String] = [:]
        for word in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) where word.contains("=") {
            let parts = word.split(separator: "=", maxSplits: 1)
            values[String(parts[0])] = String(parts[1])
        }
        guard let raw = values["WAVE3_TEST_AMQP_URL"], let dir = values["WAVE3_RABBITMQ_DIR"] else {
            throw AMQPError("scripts/rabbitmq.sh start printed no URL: \(output)")
        }
        return PrivateBroker(url: try AMQPURL(raw), dir: dir)
    }

    func stopApp() async throws { _ = try await Self.script(["stop-app", dir]) }
    func startApp() async throws { _ = try await Self.script(["start-app", dir]) }
    func stop() async { _ = try? await Self.script(["stop", dir]) }

    /// Runs the script on a thread of its own (not the cooperative pool). Its output goes to a file,
    /// not a pipe: the broker it launches must not hold a pipe the test waits to see closed.
    static func script(_ arguments: [String]) async throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("rabbitmq-sh-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/bash")
                    process.arguments = [repositoryRoot.appendingPathComponent("scripts/rabbitmq.sh").path] + arguments
                    process.standardOutput = try FileHandle(forWritingTo: outputFile)
                    process.standardError = FileHandle.nullDevice
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    process.waitUntilExit()
                    continuation.resume(returning: process.terminationStatus)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard status == 0 else { throw AMQPError("scripts/rabbitmq.sh \(arguments.joined(separator: " ")) exited \(status): \(output)") }
        return output
    }
}

/// Polls `condition` until it holds or the deadline passes.
func eventually(_ what: String, within seconds: Double = 20, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw AMQPError("timed out waiting for: \(what)")
}
