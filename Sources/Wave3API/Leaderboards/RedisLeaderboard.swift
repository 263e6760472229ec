import DatabaseLayer
import Foundation
import Logging
import NIOConcurrencyHelpers
import Redis
import Storage

/// Boards in Redis sorted sets, fed after each committed award with the learner's totals read
/// back from the ledger (absolute values, so a repeated or late push is harmless). While Redis
/// is down or incomplete, reads come from the ledger and the learners it missed are remembered;
/// `tick()` repairs and returns to Redis by itself (docs/redis.md).
final class RedisLeaderboard: LeaderboardStore {
    /// Keys start with the replica's namespace (`WAVE3_REDIS_NAMESPACE`, default `wave3:`) so
    /// several deployments or test runs can share one Redis.
    let prefix: String
    let readyKey: String
    let lockKey: String

    let client: RedisClient
    let ledger: LedgerLeaderboard
    let observer: (any LeaderboardRankObserver)?
    let logger: Logger
    private let status = NIOLockedValueBox<(state: RedisBoardsState, pending: PendingRepairs)>((.starting, PendingRepairs()))
    /// The token of a rebuild lock this replica took but could not release (the release failed
    /// with the rebuild, e.g. on a pool slot still backing off after an outage). Released first
    /// thing next time: left alone, it would keep every replica off Redis until it expired.
    private let strandedLock = NIOLockedValueBox<String?>(nil)

    init(client: RedisClient, ledger: LedgerLeaderboard, observer: (any LeaderboardRankObserver)?, logger: Logger, namespace: String) {
        self.prefix = namespace + "lb:"
        self.readyKey = namespace + "lb:ready"
        self.lockKey = namespace + "lb:rebuild-lock"
        self.client = client
        self.ledger = ledger
        self.observer = observer
        self.logger = logger
    }

    var state: RedisBoardsState { status.withLockedValue { $0.state } }

    func key(_ board: LeaderboardBoard) -> String { prefix + board.storageKey }

    func page(_ board: LeaderboardBoard, limit: Int, userId: String, radius: Int) async throws -> LeaderboardPage {
        guard state == .healthy else { return try await ledger.page(board, limit: limit, userId: userId, radius: radius) }
        do {
            let reply = try await client.run(LeaderboardScripts.page, keys: [key(board)],
                                             arguments: [String(limit), userId, String(radius)])
            return try Self.decodePage(reply, userId: userId)
        } catch {
            degrade(error)
            return try await ledger.page(board, limit: limit, userId: userId, radius: radius)
        }
    }

    func awarded(userId: String) async {
        let standings: [LeaderboardStanding]
        do {
            standings = try await ledger.standings(userId: userId, now: Timestamp.nowMillis())
        } catch {
            logger.warning("leaderboard standings unreadable", metadata: ["error": "\(error)"])
            status.withLockedValue { $0.pending.add(userId) }
            return
        }
        guard !standings.isEmpty else { return }
        guard state == .healthy else {
            status.withLockedValue { $0.pending.add(userId) }
            return
        }
        do {
            try await push(userId: userId, standings: standings)
        } catch {
            status.withLockedValue { $0.pending.add(userId) }
            degrade(error)
        }
    }

    private func push(userId: String, standings: [LeaderboardStanding]) async throws {
        let keys = standings.map { key($0.board) }
        let scores = standings.map { String(LeaderboardScore.pack(xp: $0.xp, reachedMillis: $0.reachedMillis)) }
        let expiries = standings.map { standing -> String in
            if case .weekly(let week) = standing.board { return String(week.expiresAtSeconds) }
            return "0"
        }
        let reply = try await client.run(LeaderboardScripts.award, keys: keys, arguments: [userId] + scores + expiries)
        guard let observer, let ranks = reply.array else { return }
        for (standing, pair) in zip(standings, ranks) {
            guard let values = pair.array, values.count == 2, let before = values[0].int, let after = values[1].int,
                  after < Int64(LeaderboardLimits.notifiedTop), before != after else { continue }
            await observer.rankChanged(LeaderboardRankChange(board: standing.board.name, userId: userId,
                                                             previousRank: before < 0 ? nil : Int(before) + 1, rank: Int(after) + 1))
        }
    }

    private func degrade(_ error: any Error) {
        let changed = status.withLockedValue { status -> Bool in
            if case .degraded = status.state { return false }
            status.state = .degraded(String(describing: error))
            return true
        }
        if changed { logger.warning("leaderboards read from the ledger until Redis recovers", metadata: ["error": "\(error)"]) }
    }

    /// One health check: confirms Redis holds complete boards, repairs what this replica missed,
    /// or rebuilds every board (once, under a lock shared by all replicas) after a reset.
    func tick() async {
        let repairs = status.withLockedValue { status -> PendingRepairs in
            defer { status.pending = PendingRepairs() }
            return status.pending
        }
        do {
            let complete = try await client.command("EXISTS", readyKey).int == 1
            if complete && !repairs.overflowed {
                let now = Timestamp.nowMillis()
                for userId in repairs.learners {
                    try await push(userId: userId, standings: try await ledger.standings(userId: userId, now: now))
                }
                recover()
                return
            }
            if try await rebuild() { recover() } else { degrade(RedisError.unavailable("another replica is rebuilding the boards")) }
        } catch {
            status.withLockedValue { status in
                if repairs.overflowed { status.pending.overflowed = true }
                for userId in repairs.learners { status.pending.add(userId) }
            }
            degrade(error)
        }
    }

    private func recover() {
        let changed = status.withLockedValue { status -> Bool in
            defer { status.state = .healthy }
            return status.state != .healthy
        }
        if changed { logger.info("leaderboards served from Redis") }
    }

    /// Recreates every board from the ledger under the shared lock; false when another replica
    /// holds it (this one keeps reading from the ledger until that rebuild marks Redis ready).
    @discardableResult
    func rebuild() async throws -> Bool {
        if let stranded = strandedLock.withLockedValue({ $0 }) {
            _ = try await client.run(LeaderboardScripts.release, keys: [lockKey], arguments: [stranded])
            strandedLock.withLockedValue { if $0 == stranded { $0 = nil } }
        }
        let token = UUID().uuidString
        guard try await client.command("SET", lockKey, token, "NX", "PX", "120000") != .null else { return false }
        do {
            try await rebuildHoldingLock()
        } catch {
            await release(token)
            throw error
        }
        await release(token)
        return true
    }

    private func release(_ token: String) async {
        do {
            _ = try await client.run(LeaderboardScripts.release, keys: [lockKey], arguments: [token])
        } catch {
            strandedLock.withLockedValue { $0 = token }
        }
    }

    private func rebuildHoldingLock() async throws {
        let started = Timestamp.nowMillis()
        let week = ISOWeek(millis: started)
        var boards: [LeaderboardBoard] = [.allTime, .weekly(week)]
        boards += try await ledger.subjects().map { .subject($0) }
        var members = 0
        for board in boards {
            let rows = try await ledger.standings(board)
            members += rows.count
            var commands: [RedisCommand] = []
            for chunk in stride(from: 0, to: rows.count, by: 500) {
                var arguments = ["ZADD", key(board), "GT"]
                for row in rows[chunk..<min(rows.count, chunk + 500)] {
                    arguments += [String(LeaderboardScore.pack(xp: row.xp, reachedMillis: row.reachedMillis)), row.userId]
                }
                commands.append(RedisCommand(arguments))
            }
            if case .weekly(let week) = board, !rows.isEmpty { commands.append(RedisCommand("EXPIREAT", key(board), String(week.expiresAtSeconds))) }
            for reply in try await client.send(commands) { _ = try reply.throwingError() }
        }
        try await client.command("SET", readyKey, String(started))
        logger.info("leaderboards rebuilt from the ledger", metadata: ["boards": "\(boards.count)", "entries": "\(members)",
                                                                       "ms": "\(Timestamp.nowMillis() - started)"])
    }

    static func decodePage(_ reply: RESPValue, userId: String) throws -> LeaderboardPage {
        guard let parts = reply.array, parts.count == 5, let topPairs = parts[0].array, let nearPairs = parts[3].array,
              let from = parts[4].int else { throw RedisError.unexpectedReply("leaderboard page") }
        let top = try entries(topPairs, firstRank: 1)
        guard let rank = parts[1].int, let score = parts[2].int else { return LeaderboardPage(top: top, me: nil, around: []) }
        let (xp, reached) = LeaderboardScore.unpack(score)
        return LeaderboardPage(top: top, me: LeaderboardEntry(rank: Int(rank) + 1, userId: userId, xp: xp, reachedAt: reached),
                               around: try entries(nearPairs, firstRank: Int(from) + 1))
    }

    private static func entries(_ pairs: [RESPValue], firstRank: Int) throws -> [LeaderboardEntry] {
        guard pairs.count % 2 == 0 else { throw RedisError.unexpectedReply("odd WITHSCORES list") }
        return try stride(from: 0, to: pairs.count, by: 2).map { index in
            guard let member = pairs[index].string, let score = pairs[index + 1].int else { throw RedisError.unexpectedReply("board entry") }
            let (xp, reached) = LeaderboardScore.unpack(score)
            return LeaderboardEntry(rank: firstRank + index / 2, userId: member, xp: xp, reachedAt: reached)
        }
    }
}
