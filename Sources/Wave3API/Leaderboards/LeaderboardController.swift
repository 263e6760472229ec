import DatabaseLayer
import Foundation
import Hummingbird
import Storage

/// `GET /leaderboards/{board}?limit=&around=me`: the top N, the caller's place, and with
/// `around=me` the learners around it (docs/redis.md).
struct LeaderboardController {
    let store: any LeaderboardStore
    let names: DisplayNames
    /// "redis" or "ledger", reported so clients and operators see where a page came from.
    let source: @Sendable () -> String

    struct Entry: Encodable { let rank: Int; let userId: String; let displayName: String; let xp: Int64 }
    struct Me: Encodable { let rank: Int; let xp: Int64 }
    struct Page: ResponseEncodable { let board: String; let week: String?; let entries: [Entry]; let me: Me?; let around: [Entry]?; let source: String }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("leaderboards/:board", use: board)
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Page {
        let identity = try context.requireIdentity()
        let name = try context.parameters.require("board")
        guard let board = LeaderboardBoard(name: name, now: Timestamp.nowMillis()) else {
            throw APIError(.notFound, "unknown_board", "boards are all-time, weekly and subject-{subject id}")
        }
        var limit = LeaderboardLimits.defaultLimit
        if let text = request.uri.queryParameters["limit"] {
            guard let value = Int(text), (1...LeaderboardLimits.maximumLimit).contains(value) else {
                throw APIError.badRequest("invalid_limit", "limit must be 1 to \(LeaderboardLimits.maximumLimit)")
            }
            limit = value
        }
        var radius = 0
        if let around = request.uri.queryParameters["around"] {
            guard around == "me" else { throw APIError.badRequest("invalid_around", "around accepts only `me`") }
            radius = LeaderboardLimits.radius
        }
        let page = try await store.page(board, limit: limit, userId: identity.userId, radius: radius)
        let names = try await names.names(Set(page.top.map(\.userId) + page.around.map(\.userId)))
        func entry(_ item: LeaderboardEntry) -> Entry {
            Entry(rank: item.rank, userId: item.userId, displayName: names[item.userId] ?? "", xp: item.xp)
        }
        var week: String?
        if case .weekly(let current) = board { week = current.label }
        return Page(board: board.name, week: week, entries: page.top.map(entry), me: page.me.map { Me(rank: $0.rank, xp: $0.xp) },
                    around: radius > 0 ? page.around.map(entry) : nil, source: source())
    }
}
