/// The recommendation algorithms; raw values are the API's `algorithm` query values.
public enum RecommendationAlgorithm: String, Codable, Sendable, CaseIterable {
    /// Zone of proximal development: unlocked lessons whose predicted success is near the target band.
    case prerequisite
    /// Item–item cosine similarity over completions.
    case collaborative
    /// Collaborative and zone-of-proximal-development scores combined, restricted to unlocked lessons.
    case hybrid
    /// Most-completed lessons not yet completed: the baseline the others are measured against.
    case popularity
}
