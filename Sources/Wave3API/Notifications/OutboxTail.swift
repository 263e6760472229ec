/// What the embedded twin's outbox tail has delivered, so that it reads each push once in the
/// common case and still catches a row whose transaction committed after a later row's.
///
/// Rows are read forwards by (created_at, id) from the newest one seen; every
/// `rescanEveryPolls` polls the last `lookbackMillis` are read again, and the ids remembered from
/// that window keep those rows from going out twice. Pure state: `PushDelivery` does the I/O.
struct OutboxTail: Sendable {
    let lookbackMillis: Int64
    let rescanEveryPolls: Int
    /// The newest row seen, where the forward read continues.
    private(set) var newest: (createdAt: Int64, id: String)?
    private var start: Int64
    private var delivered: [String: Int64] = [:]
    private var polls = 0

    init(startingAt millis: Int64, lookbackMillis: Int64, rescanEveryPolls: Int) {
        start = millis
        self.lookbackMillis = lookbackMillis
        self.rescanEveryPolls = max(1, rescanEveryPolls)
    }

    /// Where the next poll reads from: forwards from the newest row, or the whole look-back window.
    mutating func nextPoll() -> (since: Int64, after: (createdAt: Int64, id: String)?) {
        polls += 1
        let high = newest?.createdAt ?? start
        if polls % rescanEveryPolls == 0 {
            delivered = delivered.filter { $0.value >= high - lookbackMillis }
            return (high - lookbackMillis, nil)
        }
        return (newest == nil ? start - lookbackMillis : high, newest)
    }

    /// True the first time a row is seen; the caller delivers it then.
    mutating func accept(id: String, createdAt: Int64) -> Bool {
        guard delivered[id] == nil else { return false }
        delivered[id] = createdAt
        if let newest, (newest.createdAt, newest.id) >= (createdAt, id) { return true }
        newest = (createdAt, id)
        return true
    }

    /// Rows remembered for the look-back window (bounded by the rows created in it).
    var rememberedCount: Int { delivered.count }
}
