import DatabaseLayer
import SQLKit

/// Boards computed from `xp_ledger` on every read: the embedded twin when no Redis is configured,
/// the fallback while Redis is degraded, and the source a Redis rebuild reads from. The time an
/// award counts from is the server's recording time of its event (`progress_events.recorded_at`),
/// never the client's `occurredAt`.
public struct LedgerLeaderboard: LeaderboardStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func awarded(userId: String) async {}

    public func page(_ board: LeaderboardBoard, limit: Int, userId: String, radius: Int) async throws -> LeaderboardPage {
        let sql = database.sql
        let totals = Self.totals(board)
        let top = try await entries(sql.raw("""
            WITH totals AS (\(totals))
            SELECT user_id, xp, reached FROM totals ORDER BY xp DESC, reached ASC, user_id DESC LIMIT \(bind: limit)
            """), firstRank: 1)
        guard let mine = try await sql.raw("""
            WITH totals AS (\(totals)), me AS (SELECT xp, reached FROM totals WHERE user_id = \(bind: userId))
            SELECT me.xp AS xp, me.reached AS reached,
                   (SELECT COUNT(*) FROM totals t WHERE t.xp > me.xp OR (t.xp = me.xp AND (t.reached < me.reached
                        OR (t.reached = me.reached AND t.user_id > \(bind: userId))))) AS above
            FROM me
            """).first() else { return LeaderboardPage(top: top, me: nil, around: []) }
        let rank = try mine.decode(column: "above", as: Int.self) + 1
        let me = LeaderboardEntry(rank: rank, userId: userId, xp: try mine.decode(column: "xp", as: Int64.self),
                                  reachedAt: try mine.decode(column: "reached", as: Int64.self))
        guard radius > 0 else { return LeaderboardPage(top: top, me: me, around: []) }
        let from = max(1, rank - radius)
        let around = try await entries(sql.raw("""
            WITH totals AS (\(totals))
            SELECT user_id, xp, reached FROM totals ORDER BY xp DESC, reached ASC, user_id DESC
            LIMIT \(bind: rank + radius - from + 1) OFFSET \(bind: from - 1)
            """), firstRank: from)
        return LeaderboardPage(top: top, me: me, around: around)
    }

    /// Every learner's totals on `board`, for a rebuild.
    public func standings(_ board: LeaderboardBoard) async throws -> [(userId: String, xp: Int64, reachedMillis: Int64)] {
        try await database.sql.raw("SELECT user_id, xp, reached_ms FROM (\(Self.totals(board))) AS totals").all().map { row in
            (try row.decode(column: "user_id", as: String.self), try row.decode(column: "xp", as: Int64.self),
             try row.decode(column: "reached_ms", as: Int64.self))
        }
    }

    /// Subjects that have any XP, for a rebuild.
    public func subjects() async throws -> [String] {
        try await database.sql.raw("SELECT DISTINCT subject_id FROM xp_ledger WHERE subject_id IS NOT NULL").all()
            .map { try $0.decode(column: "subject_id", as: String.self) }
    }

    /// One learner's totals on every board their XP is on (all-time, this week, each subject).
    public func standings(userId: String, now: Int64) async throws -> [LeaderboardStanding] {
        let week = ISOWeek(millis: now)
        let rows = try await database.sql.raw("""
            SELECT x.subject_id AS subject_id, SUM(x.amount) AS xp, MAX(e.recorded_at) AS reached_ms,
                   SUM(CASE WHEN e.recorded_at >= \(bind: week.start) AND e.recorded_at < \(bind: week.end) THEN x.amount ELSE 0 END) AS week_xp,
                   MAX(CASE WHEN e.recorded_at >= \(bind: week.start) AND e.recorded_at < \(bind: week.end) THEN e.recorded_at END) AS week_reached_ms
            FROM xp_ledger x JOIN progress_events e ON e.id = x.event_id
            WHERE x.user_id = \(bind: userId)
            GROUP BY x.subject_id
            """).all()
        var result: [LeaderboardStanding] = []
        var total: Int64 = 0, reached: Int64 = 0, weekTotal: Int64 = 0, weekReached: Int64 = 0
        for row in rows {
            let xp = try row.decode(column: "xp", as: Int64.self)
            let at = try row.decode(column: "reached_ms", as: Int64.self)
            total += xp
            reached = max(reached, at)
            weekTotal += try row.decode(column: "week_xp", as: Int64.self)
            if !(try row.decodeNil(column: "week_reached_ms")) { weekReached = max(weekReached, try row.decode(column: "week_reached_ms", as: Int64.self)) }
            if !(try row.decodeNil(column: "subject_id")) {
                result.append(LeaderboardStanding(board: .subject(try row.decode(column: "subject_id", as: String.self)), xp: xp, reachedMillis: at))
            }
        }
        guard total > 0 else { return [] }
        result.insert(LeaderboardStanding(board: .allTime, xp: total, reachedMillis: reached), at: 0)
        if weekTotal > 0 { result.insert(LeaderboardStanding(board: .weekly(week), xp: weekTotal, reachedMillis: weekReached), at: 1) }
        return result
    }

    /// Per learner: XP on the board, the last award's recording time in ms, and in seconds (the
    /// tie-breaker, truncated as Redis's packed score truncates it).
    static func totals(_ board: LeaderboardBoard) -> SQLQueryString {
        let filter: SQLQueryString
        switch board {
        case .allTime: filter = "1 = 1"
        case .weekly(let week): filter = "e.recorded_at >= \(bind: week.start) AND e.recorded_at < \(bind: week.end)"
        case .subject(let id): filter = "x.subject_id = \(bind: id)"
        }
        return """
            SELECT x.user_id AS user_id, SUM(x.amount) AS xp, MAX(e.recorded_at) AS reached_ms, MAX(e.recorded_at) / 1000 AS reached
            FROM xp_ledger x JOIN progress_events e ON e.id = x.event_id
            WHERE \(filter)
            GROUP BY x.user_id
            """
    }

    private func entries(_ query: SQLRawBuilder, firstRank: Int) async throws -> [LeaderboardEntry] {
        try await query.all().enumerated().map { index, row in
            LeaderboardEntry(rank: firstRank + index, userId: try row.decode(column: "user_id", as: String.self),
                             xp: try row.decode(column: "xp", as: Int64.self), reachedAt: try row.decode(column: "reached", as: Int64.self))
        }
    }
}
