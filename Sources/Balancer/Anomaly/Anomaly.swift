public enum AnomalyType: String, Sendable, Codable, CaseIterable {
    /// A sudden spike of the overall rate.
    case burst
    /// A sustained drift upwards that no single step reveals.
    case slowRamp = "slow_ramp"
    /// The overall rate rises because many clients appear, none heavy on its own.
    case distributedFlood = "distributed_flood"
    /// One client far above the rest of the population.
    case clientBurst = "client_burst"
}

public enum AnomalyResponse: String, Sendable, Codable {
    case tightenLimits = "tighten_limits"
    case lowerReputation = "lower_reputation"
    case alert
}

public struct Anomaly: Sendable, Codable, Equatable {
    public var id: Int64
    public var type: AnomalyType
    /// 0...1, from how far past the threshold the score went.
    public var confidence: Double
    public var score: Double
    public var clients: [String]
    public var responses: [AnomalyResponse]
    public var detectedAt: Int64
    public var observedRate: Double
    public var expectedRate: Double

    public init(id: Int64 = 0, type: AnomalyType, confidence: Double, score: Double, clients: [String], responses: [AnomalyResponse], detectedAt: Int64, observedRate: Double, expectedRate: Double) {
        self.id = id
        self.type = type
        self.confidence = confidence
        self.score = score
        self.clients = clients
        self.responses = responses
        self.detectedAt = detectedAt
        self.observedRate = observedRate
        self.expectedRate = expectedRate
    }
}
