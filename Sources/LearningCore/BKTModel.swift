/// Fitted BKT parameters for every skill: the unit the API versions and stores as JSON.
public struct BKTModel: Codable, Sendable, Hashable {
    /// Parameters by skill id.
    public var skills: [String: BKTParameters]
    /// Used for skills that had too little data to fit.
    public var fallback: BKTParameters

    public init(skills: [String: BKTParameters] = [:], fallback: BKTParameters = .default) {
        self.skills = skills
        self.fallback = fallback
    }

    /// The parameters for `skill`, or the fallback.
    public func parameters(for skill: String) -> BKTParameters {
        skills[skill] ?? fallback
    }

    /// The stored posterior after one more attempt: what the API runs on each `quiz_attempt`.
    /// `pKnown` nil means the learner has no state yet for this skill, so the prior applies.
    public func update(skill: String, pKnown: Double?, correct: Bool) -> Double {
        let p = parameters(for: skill)
        return p.update(pKnown: pKnown ?? p.prior, correct: correct)
    }
}
