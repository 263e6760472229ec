/// QoS classes. Lower classes are shed first: each class may only use the capacity not reserved
/// for the classes above it, so VIP traffic always finds a free slot under overload.
public enum PriorityClass: String, Sendable, Codable, CaseIterable, Comparable {
    case standard, premium, vip

    private var rank: Int {
        switch self {
        case .standard: return 0
        case .premium: return 1
        case .vip: return 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

public struct PriorityAdmission: Sendable, Equatable {
    /// In-flight requests one replica is expected to handle well; beyond that queues grow.
    public var capacityPerReplica: Int
    /// Fractions of capacity held back for the classes above: standard may use
    /// 1 - premium - vip, premium 1 - vip, VIP all of it.
    public var reservedForVIP: Double
    public var reservedForPremium: Double

    public init(capacityPerReplica: Int = 256, reservedForVIP: Double = 0.2, reservedForPremium: Double = 0.1) {
        self.capacityPerReplica = capacityPerReplica
        self.reservedForVIP = reservedForVIP
        self.reservedForPremium = reservedForPremium
    }

    @inline(__always)
    public func admits(_ priority: PriorityClass, inflight: Int, capacity: Int) -> Bool {
        let c = Double(capacity)
        switch priority {
        case .vip: return inflight < capacity
        case .premium: return Double(inflight) < c * (1 - reservedForVIP)
        case .standard: return Double(inflight) < c * (1 - reservedForVIP - reservedForPremium)
        }
    }

    /// Load-aware tightening: the limiter multiplier falls linearly from 1 at 70 % utilisation
    /// to 0.25 at 100 %, so heavy clients slow down before the replicas saturate.
    @inline(__always)
    public func tighteningFactor(inflight: Int, capacity: Int) -> Double {
        guard capacity > 0 else { return 1 }
        let u = Double(inflight) / Double(capacity)
        if u <= 0.7 { return 1 }
        return max(0.25, 1 - (u - 0.7) * 2.5)
    }
}
