import Foundation
import Messaging

/// Polls `condition` until it holds or the deadline passes.
func eventually(_ what: String, within seconds: Double = 20, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw AMQPError("timed out waiting for: \(what)")
}
