/// Whether reads may trust Redis. Anything but `healthy` reads from the ledger.
enum RedisBoardsState: Sendable, Equatable {
    /// Not yet checked that Redis holds complete boards.
    case starting
    case healthy
    /// Redis failed or holds incomplete boards; `reason` goes to /health/ready.
    case degraded(String)
}

/// What a replica must repair once Redis answers again.
struct PendingRepairs: Sendable {
    static let limit = 10_000
    /// Learners whose awards did not reach Redis; pushed again on recovery.
    var learners: Set<String> = []
    /// Too many to track: rebuild every board instead.
    var overflowed = false

    mutating func add(_ userId: String) {
        guard !overflowed else { return }
        learners.insert(userId)
        if learners.count > Self.limit { overflowed = true; learners = [] }
    }
}
