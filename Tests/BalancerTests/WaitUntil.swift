import Foundation

struct ConditionTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Waits until `condition` holds, checking every 10 ms, and throws after `seconds`: tests wait on
/// what they need (a broadcast applied, a request in flight), never on a fixed sleep, so a loaded
/// machine makes them slower, not red.
func waitUntil(_ what: String, seconds: Double = 10, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !(try await condition()) {
        if Date() >= deadline { throw ConditionTimedOut(what: what) }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
}
