/// A client's tier as set through the admin API.
public struct VIPEntry: Sendable, Codable, Equatable {
    public var tier: PriorityClass
    public var multiplier: Double
    public var notes: String?

    public init(tier: PriorityClass = .vip, multiplier: Double = 2, notes: String? = nil) {
        self.tier = tier
        self.multiplier = multiplier
        self.notes = notes
    }
}
