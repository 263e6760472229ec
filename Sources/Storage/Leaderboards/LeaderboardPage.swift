/// One learner's place on a board; ranks start at 1.
public struct LeaderboardEntry: Sendable, Equatable {
    public var rank: Int
    public var userId: String
    public var xp: Int64
    /// Unix seconds of the award that brought the learner to `xp` (the tie-breaker).
    public var reachedAt: Int64

    public init(rank: Int, userId: String, xp: Int64, reachedAt: Int64) {
        self.rank = rank
        self.userId = userId
        self.xp = xp
        self.reachedAt = reachedAt
    }
}

public struct LeaderboardPage: Sendable, Equatable {
    public var top: [LeaderboardEntry]
    /// The caller, when they have XP on this board.
    public var me: LeaderboardEntry?
    /// With `around=me`: the learners just above and below the caller, the caller included.
    public var around: [LeaderboardEntry]

    public init(top: [LeaderboardEntry], me: LeaderboardEntry?, around: [LeaderboardEntry]) {
        self.top = top
        self.me = me
        self.around = around
    }
}

/// A learner's totals on every board an award touches, read from the ledger.
public struct LeaderboardStanding: Sendable, Equatable {
    public var board: LeaderboardBoard
    public var xp: Int64
    public var reachedMillis: Int64
}

/// A learner moving into or within the top 10 of a board.
public struct LeaderboardRankChange: Sendable, Equatable, Codable {
    public var board: String
    public var userId: String
    /// 1-based; nil when the learner was not on the board before.
    public var previousRank: Int?
    public var rank: Int

    public init(board: String, userId: String, previousRank: Int?, rank: Int) {
        self.board = board
        self.userId = userId
        self.previousRank = previousRank
        self.rank = rank
    }
}
