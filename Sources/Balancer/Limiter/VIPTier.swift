/// A client's tier as set through the admin API.
public struct VIPEntry: Sendable, Codable, Equatable {
    public var tier: PriorityClass
    public var multiplier: Double
    public var notes: String?

    /// Bounds of what the admin API accepts: a multiplier is a factor on a limit, not a switch
    /// to turn the limiter off, and notes are a label, not storage.
    public static let maxMultiplier = 1000.0
    public static let maxNotesLength = 500

    public var isValid: Bool {
        multiplier.isFinite && multiplier > 0 && multiplier <= Self.maxMultiplier && (notes?.utf8.count ?? 0) <= Self.maxNotesLength
    }

    public init(tier: PriorityClass = .vip, multiplier: Double = 2, notes: String? = nil) {
        self.tier = tier
        self.multiplier = multiplier
        self.notes = notes
    }
}
