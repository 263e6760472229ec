import Foundation

/// A policy that learns from outcomes and can be saved to and loaded from a model file.
public protocol LearningPolicy: RoutingPolicy {
    var kind: PolicyKind { get }
    func exportModel() -> PolicyModel
    func load(_ model: PolicyModel) throws
    /// Decisions taken and how many of them the guardrail handed to P2C peak-EWMA.
    var guardrail: GuardrailCounters { get }
}

public struct GuardrailCounters: Sendable, Codable, Equatable {
    public var decisions = 0
    public var fallbacks = 0
    public var explorations = 0
    public var updates = 0
    public init() {}
}

/// What a learning policy saw of a request when it chose, keyed by `decisionId`, in a fixed ring:
/// memory and cost stay bounded however many requests are in flight, and an entry whose outcome
/// never comes is simply overwritten.
struct DecisionRing<Entry> {
    private var ids: [UInt64]
    private var entries: [Entry?]
    private let mask: Int

    init(capacityPowerOfTwo bits: Int = 12) {
        let n = 1 << bits
        ids = Array(repeating: .max, count: n)
        entries = Array(repeating: nil, count: n)
        mask = n - 1
    }

    mutating func put(_ id: UInt64, _ e: Entry) {
        let k = Int(truncatingIfNeeded: id) & mask
        ids[k] = id
        entries[k] = e
    }

    mutating func take(_ id: UInt64) -> Entry? {
        let k = Int(truncatingIfNeeded: id) & mask
        guard ids[k] == id else { return nil }
        ids[k] = .max
        defer { entries[k] = nil }
        return entries[k]
    }
}

/// Per replica: when its last response arrived. With requests in flight, a long silence means
/// a stall the latency estimates cannot show yet (they only move when a response arrives).
struct SilenceTracker {
    private(set) var lastResponse: [Int64] = []

    mutating func ensure(_ n: Int) {
        while lastResponse.count < n { lastResponse.append(0) }
    }

    mutating func responded(_ replica: Int, at t: Int64) {
        ensure(replica + 1)
        if t > lastResponse[replica] { lastResponse[replica] = t }
    }

    /// A request is going to `r`: if it had none outstanding, the silence clock starts now (an
    /// old last response must not make an idle replica look stalled).
    @inline(__always)
    mutating func sending(to r: ReplicaState, now: Int64) {
        guard r.inflight == 0, r.index < lastResponse.count, lastResponse[r.index] < now else { return }
        lastResponse[r.index] = now
    }

    /// Milliseconds since the last response while requests are outstanding, else 0.
    @inline(__always)
    func silenceMs(_ r: ReplicaState, now: Int64) -> Double {
        guard r.inflight > 0, r.index < lastResponse.count else { return 0 }
        let last = lastResponse[r.index]
        guard last > 0, now > last else { return 0 }
        return Double(now - last) / 1e6
    }
}

/// Reward shaping shared by the learners: latency in ms, plus a penalty for a failure or
/// timeout so a replica that fails fast never looks fast.
@inline(__always)
func costMs(_ o: RoutingOutcome, failurePenaltyMs: Double) -> Double {
    Double(o.latencyNanos) / 1e6 + (o.isFailure ? failurePenaltyMs : 0)
}
