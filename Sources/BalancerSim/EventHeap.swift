/// A binary min-heap of simulation events, ordered by time then by insertion so equal times
/// resolve the same way on every run.
struct EventHeap {
    struct Event {
        var time: Int64
        var seq: UInt64
        var request: Int32
        var kind: Kind
    }

    enum Kind: UInt8 { case response, timeout }

    private var items: [Event] = []
    private var seq: UInt64 = 0

    init() { items.reserveCapacity(4096) }

    var isEmpty: Bool { items.isEmpty }
    var top: Event? { items.first }

    @inline(__always)
    private static func less(_ a: Event, _ b: Event) -> Bool {
        a.time < b.time || (a.time == b.time && a.seq < b.seq)
    }

    mutating func push(time: Int64, request: Int32, kind: Kind) {
        seq &+= 1
        items.append(Event(time: time, seq: seq, request: request, kind: kind))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !Self.less(items[i], items[p]) { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Event? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return first }
        items[0] = last
        var i = 0
        let n = items.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n, Self.less(items[l], items[m]) { m = l }
            if r < n, Self.less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return first
    }
}
