/// Per-replica breaker. Closed counts consecutive failures; at the threshold it opens and the
/// replica gets no traffic for `openNanos`; then one probe request is let through (half-open),
/// whose outcome closes or re-opens it.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case closed, open, halfOpen = "half_open" }

    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    public private(set) var openedAt: Int64 = 0
    public private(set) var probeInFlight = false
    public var failureThreshold: Int
    public var openNanos: Int64

    public init(failureThreshold: Int = 5, openNanos: Int64 = 1_000_000_000) {
        self.failureThreshold = failureThreshold
        self.openNanos = openNanos
    }

    /// Whether a request may go to this replica now; moves open → half-open when the cool-down is over.
    public mutating func allowsRequest(now: Int64) -> Bool {
        switch state {
        case .closed: return true
        case .open:
            guard now - openedAt >= openNanos else { return false }
            state = .halfOpen
            probeInFlight = true
            return true
        case .halfOpen:
            if probeInFlight { return false }
            probeInFlight = true
            return true
        }
    }

    /// Read-only variant for candidate filtering: does not claim the half-open probe.
    public func isAvailable(now: Int64) -> Bool {
        switch state {
        case .closed: return true
        case .open: return now - openedAt >= openNanos
        case .halfOpen: return !probeInFlight
        }
    }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        probeInFlight = false
        state = .closed
    }

    /// The probe ended without an outcome (its client left): the next request may probe.
    public mutating func releaseProbe() {
        if state == .halfOpen { probeInFlight = false }
    }

    public mutating func recordFailure(now: Int64) {
        consecutiveFailures += 1
        probeInFlight = false
        if state == .halfOpen || consecutiveFailures >= failureThreshold {
            trip(now: now)
        }
    }

    /// Open immediately: a refused connection proves the replica is down, no need to count to five.
    public mutating func trip(now: Int64) {
        state = .open
        openedAt = now
        probeInFlight = false
    }

    public mutating func reset() {
        state = .closed
        consecutiveFailures = 0
        probeInFlight = false
    }
}
