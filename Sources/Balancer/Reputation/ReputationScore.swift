import Foundation

/// What happened that moves a client's reputation.
public enum ReputationEvent: String, Sendable, Codable, CaseIterable {
    case clean
    case rateLimited = "rate_limited"
    case clientError = "client_error"
    case anomaly

    /// Signed score change. Violations weigh far more than clean requests so that a flood of
    /// well-formed requests cannot wash out a burst of abuse within seconds.
    public var delta: Double {
        switch self {
        case .clean: return 0.02
        case .rateLimited: return -1.0
        case .clientError: return -0.25
        case .anomaly: return -15
        }
    }

    public var isViolation: Bool { self != .clean }
}

/// A score in 0...100 that starts neutral (50) and relaxes back to neutral with a half-life, so
/// both punishment and trust are temporary.
public struct ReputationScore: Sendable, Equatable, Codable {
    public static let neutral = 50.0
    public var score: Double
    public var updatedAt: Int64
    public var violations: Int
    public var cleanRequests: Int
    public var lastViolationAt: Int64?
    /// When a rate-limit rejection last cost reputation (see `ReputationBook.record`).
    public var lastRateLimitPenaltyAt: Int64?

    public init(score: Double = ReputationScore.neutral, updatedAt: Int64 = 0) {
        self.score = score
        self.updatedAt = updatedAt
        self.violations = 0
        self.cleanRequests = 0
    }

    /// Pull the score towards neutral: deviation × 2^(-elapsed/halfLife).
    public mutating func decay(now: Int64, halfLifeNanos: Int64) {
        guard now > updatedAt, halfLifeNanos > 0 else { return }
        let elapsed = Double(now - updatedAt)
        if elapsed > 1e6 {  // skip the pow for sub-millisecond gaps: the change is negligible
            let factor = exp2(-elapsed / Double(halfLifeNanos))
            score = Self.neutral + (score - Self.neutral) * factor
            updatedAt = now
        }
    }

    public mutating func apply(_ event: ReputationEvent, now: Int64, weight: Double = 1) {
        score = min(100, max(0, score + event.delta * weight))
        if event.isViolation {
            violations += 1
            lastViolationAt = now
        } else {
            cleanRequests += 1
        }
        if updatedAt == 0 { updatedAt = now }
    }

    /// Scores within this distance of neutral leave the limit alone: a client that overshoots
    /// its limit for a few seconds is handled by the limiter itself, and only sustained or
    /// repeated abuse (or clearly good behaviour) should move the limit.
    public static let deadZone = 10.0

    /// The factor applied to the client's rate limit: 0.25× at 0, 1× within the dead zone around
    /// neutral, 1.5× at 100.
    public var limitMultiplier: Double {
        let low = Self.neutral - Self.deadZone, high = Self.neutral + Self.deadZone
        if score >= high { return 1 + 0.5 * (score - high) / (100 - high) }
        if score <= low { return 0.25 + 0.75 * score / low }
        return 1
    }
}
