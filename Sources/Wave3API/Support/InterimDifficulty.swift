import LearningCore

/// The difficulty a lesson shows until the learned classifier of the learning-intelligence issue
/// replaces it: how deep it sits in the prerequisite graph and how long it is.
enum InterimDifficulty {
    static let levels = ["beginner", "intermediate", "advanced", "expert"]

    static func level(content: String, depth: Int) -> String {
        let words = content.split(whereSeparator: \.isWhitespace).count
        let lengthScore = words < 250 ? 0 : words < 450 ? 1 : 2
        let index = min(3, max(depth, 0) / 2 + lengthScore / 2)
        return levels[index]
    }
}
