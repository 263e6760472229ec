/// The badges of issue 12: thresholds on total XP, lessons completed and the longest run of
/// consecutive active days. Pure: the worker feeds it totals and awards each badge once.
public enum BadgeRules {
    public struct Badge: Sendable, Equatable, Hashable {
        public let id: String
        public let title: String
    }

    public static let xpThresholds = [100, 500, 1000, 5000]
    public static let lessonThresholds = [1, 5, 10, 25]
    public static let streakThresholds = [3, 7, 30]

    public static func earned(xp: Int, lessonsCompleted: Int, streakDays: Int) -> [Badge] {
        xpThresholds.filter { xp >= $0 }.map { Badge(id: "xp-\($0)", title: "\($0) XP earned") }
            + lessonThresholds.filter { lessonsCompleted >= $0 }.map { Badge(id: "lessons-\($0)", title: $0 == 1 ? "First lesson completed" : "\($0) lessons completed") }
            + streakThresholds.filter { streakDays >= $0 }.map { Badge(id: "streak-\($0)", title: "\($0)-day streak") }
    }

    /// The longest run of consecutive days among `days` (day numbers since the epoch, any order).
    public static func longestStreak(days: [Int64]) -> Int {
        let sorted = Set(days).sorted()
        var best = 0
        var run = 0
        var previous: Int64?
        for day in sorted {
            run = previous.map { day == $0 + 1 ? run + 1 : 1 } ?? 1
            best = max(best, run)
            previous = day
        }
        return best
    }
}

/// Rank changes between two orderings of a top-N board (index 0 is rank 1).
public enum LeaderboardDiff {
    public struct Change: Sendable, Equatable {
        public let learnerId: String
        public let oldRank: Int?
        public let newRank: Int
    }

    public static func changes(old: [String], new: [String]) -> [Change] {
        var oldRank: [String: Int] = [:]
        for (index, learner) in old.enumerated() { oldRank[learner] = index + 1 }
        return new.enumerated().compactMap { index, learner in
            let rank = index + 1
            return oldRank[learner] == rank ? nil : Change(learnerId: learner, oldRank: oldRank[learner], newRank: rank)
        }
    }
}
