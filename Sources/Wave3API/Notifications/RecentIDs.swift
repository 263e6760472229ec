/// A bounded set of recently seen message ids (first in, first out): a replica pushes each message
/// to its sockets once even when the broker redelivers it or a replay overlaps live delivery.
struct RecentIDs: Sendable {
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        members.reserveCapacity(capacity)
    }

    /// True the first time `id` is inserted (within the last `capacity` ids).
    mutating func insert(_ id: String) -> Bool {
        guard !members.contains(id) else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            members.remove(order[head])
            order[head] = id
            head = (head + 1) % capacity
        }
        members.insert(id)
        return true
    }
}
