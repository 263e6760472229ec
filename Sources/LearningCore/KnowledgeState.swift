import Foundation

/// A learner's filtered BKT state for one skill, as log-odds log P(known) − log P(unknown).
///
/// Log-odds keep both tails exact: P(known) = 1 − 10⁻⁴⁰ and P(known) = 1 − 10⁻⁸ are different
/// states here, while as one `Double` both are 1.0 and a later wrong answer could not move them.
public struct KnowledgeState: Codable, Sendable, Hashable {
    public var logOdds: Double

    @inlinable
    public init(logOdds: Double) {
        self.logOdds = logOdds
    }

    /// From a probability; 0 and 1 map to ∓∞ (a certainty no evidence can move).
    @inlinable
    public init(pKnown: Double) {
        logOdds = log(pKnown) - log1p(-pKnown)
    }

    /// P(known), rounded to the nearest `Double` (1.0 for log-odds above ~37).
    @inlinable
    public var pKnown: Double { Logistic.sigmoid(logOdds) }

    /// P(unknown), exact where `pKnown` has rounded to 1.
    @inlinable
    public var pUnknown: Double { Logistic.sigmoid(-logOdds) }
}
