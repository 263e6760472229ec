import Synchronization

/// A level-triggered wake-up: `signal` from anywhere, `wait` returns at once if signalled since
/// the last wait, or at the deadline.
final class Wakeup: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            if state.waiter == nil { state.pending = true }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait(milliseconds: Int) async {
        let timer = Task { [self] in
            // A cancelled timer must not signal: it would leave `pending` set, the next wait would
            // return at once and cancel its own timer, which signals again: a relay spinning on an
            // idle outbox for good (a whole core, found by profiling an idle replica).
            do { try await Task.sleep(for: .milliseconds(milliseconds)) } catch { return }
            signal()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        // A timer that fires late leaves `pending` set: the next wait returns at once, which
        // costs one extra look at the outbox and loses no signal.
        timer.cancel()
    }
}
