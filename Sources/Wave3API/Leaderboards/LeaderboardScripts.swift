import Redis

/// The Lua scripts of the Redis boards, run by SHA. Each runs atomically on the server, so a
/// rank read before and after an update, or a page and the caller's rank, are one snapshot.
enum LeaderboardScripts {
    /// KEYS: boards. ARGV[1]: learner; ARGV[1+i]: packed score on KEYS[i]; ARGV[1+n+i]: EXPIREAT
    /// or 0. `ZADD GT` only ever raises a score, so a late or repeated push of an older total and a
    /// rebuild racing live awards cannot move anyone down. Returns {rank before or -1, rank after}
    /// per board, 0-based.
    static let award = RedisScript("""
        local n = #KEYS
        local out = {}
        for i = 1, n do
          local before = redis.call('ZREVRANK', KEYS[i], ARGV[1])
          redis.call('ZADD', KEYS[i], 'GT', ARGV[1 + i], ARGV[1])
          local expires = tonumber(ARGV[1 + n + i])
          if expires > 0 then redis.call('EXPIREAT', KEYS[i], expires) end
          out[i] = {before or -1, redis.call('ZREVRANK', KEYS[i], ARGV[1])}
        end
        return out
        """)

    /// KEYS[1]: board. ARGV: limit, learner, radius. Returns {top, rank or nil, score or nil,
    /// neighbours, first neighbour's 0-based rank}; lists are member, score pairs.
    static let page = RedisScript("""
        local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
        local rank = redis.call('ZREVRANK', KEYS[1], ARGV[2])
        if not rank then return {top, false, false, {}, 0} end
        local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
        local radius = tonumber(ARGV[3])
        if radius <= 0 then return {top, rank, score, {}, 0} end
        local from = rank - radius
        if from < 0 then from = 0 end
        return {top, rank, score, redis.call('ZREVRANGE', KEYS[1], from, rank + radius, 'WITHSCORES'), from}
        """)

    /// Deletes the rebuild lock only if this replica still holds it.
    static let release = RedisScript("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """)
}
