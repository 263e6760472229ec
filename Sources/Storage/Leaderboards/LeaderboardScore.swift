/// XP and the moment it was reached packed into one sorted-set score, so Redis orders ties the
/// way the ledger query does: more XP first, then whoever reached it earlier, then by learner id
/// descending (the order `ZREVRANGE` gives equal scores). The packing is exact in a Double:
/// XP below 2^23 and seconds since 2025-01-01 below 2^30 (until 2059).
public enum LeaderboardScore {
    static let timeBits: Int64 = 30
    static let timeSpan: Int64 = 1 << timeBits
    /// 2025-01-01T00:00:00Z in Unix seconds.
    public static let epochSeconds: Int64 = 1_735_689_600
    public static let maximumXP: Int64 = (1 << 23) - 1

    /// `reachedMillis` is the server's recording time of the award that brought the XP to `xp`.
    public static func pack(xp: Int64, reachedMillis: Int64) -> Int64 {
        let seconds = min(max(reachedMillis / 1000 - epochSeconds, 0), timeSpan - 1)
        return min(xp, maximumXP) * timeSpan + (timeSpan - 1 - seconds)
    }

    public static func unpack(_ score: Int64) -> (xp: Int64, reachedSeconds: Int64) {
        (score / timeSpan, timeSpan - 1 - score % timeSpan + epochSeconds)
    }
}
