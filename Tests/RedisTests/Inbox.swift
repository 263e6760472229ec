import Foundation
import NIOConcurrencyHelpers
import Testing

/// Collects what a subscriber delivers; tests wait on a condition with a deadline.
final class Inbox: Sendable {
    struct State { var messages: [String] = []; var subscriptions = 0 }
    private let state = NIOLockedValueBox(State())

    func add(_ message: String) { state.withLockedValue { $0.messages.append(message) } }
    func subscribed() { state.withLockedValue { $0.subscriptions += 1 } }

    func wait(timeout: Duration = .seconds(5), _ condition: @Sendable (State) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if state.withLockedValue({ condition($0) }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within \(timeout): \(state.withLockedValue { $0.messages })")
        throw CancellationError()
    }
}
