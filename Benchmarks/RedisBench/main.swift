import Foundation
import Redis

// redis-bench URL zadd|board [count]: figures for scripts/bench-redis.sh (docs/redis.md).
//   zadd: pipelined ZADD through the client, 50 concurrent pipelines of 16 as `redis-benchmark -P 16`.
//   board: fills a board of `count` members, then times top-10 + own rank (one EVALSHA) per query.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let client = try? RedisClient(url: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: redis-bench redis://host:port zadd|board [count]\n".utf8))
    exit(2)
}
let count = arguments.count > 3 ? Int(arguments[3]) ?? 1_000_000 : 1_000_000

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

switch arguments[2] {
case "zadd":
    let pipelines = 50, depth = 16
    let perPipeline = count / pipelines / depth
    let started = now()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for p in 0..<pipelines {
            group.addTask {
                for round in 0..<perPipeline {
                    let batch = (0..<depth).map { i in RedisCommand("ZADD", "bench:zadd", String(round * depth + i), "member:\(p):\(i)") }
                    _ = try await client.send(batch)
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = now() - started
    print(String(format: "zadd_per_second %.0f", Double(pipelines * perPipeline * depth) / elapsed))
case "board":
    let key = "bench:board"
    _ = try await client.command("DEL", key)
    var member = 0
    while member < count {
        let upper = min(count, member + 1000)
        var command = ["ZADD", key]
        for m in member..<upper { command += [String((m * 7919) % 100_000 * 1_073_741_824 + m % 1000), "learner-\(m)"] }
        _ = try await client.command(RedisCommand(command))
        member = upper
    }
    let script = RedisScript("""
        local top = redis.call('ZREVRANGE', KEYS[1], 0, 9, 'WITHSCORES')
        return {top, redis.call('ZREVRANK', KEYS[1], ARGV[1]), redis.call('ZSCORE', KEYS[1], ARGV[1])}
        """)
    var latencies: [Double] = []
    for q in 0..<20_000 {
        let started = now()
        _ = try await client.run(script, keys: [key], arguments: ["learner-\((q * 104_729) % count)"])
        latencies.append(now() - started)
    }
    latencies.sort()
    print(String(format: "board_members %d\ntop10_rank_p50_ms %.3f\ntop10_rank_p99_ms %.3f", count,
                 latencies[latencies.count / 2] * 1000, latencies[latencies.count * 99 / 100] * 1000))
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[2])\n".utf8))
    exit(2)
}
