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

    struct Entry { let rank: Int; let userId: String; let displayName: String; let xp: Int64 }
    struct Me { let rank: Int; let xp: Int64 }

    /// Written with `JSONText`, not `JSONEncoder`, which took 18 % of this route's CPU.
    struct Page: ResponseGenerator {
        let board: String; let week: String?; let entries: [Entry]; let me: Me?; let around: [Entry]?; let source: String

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var json = JSONText(capacity: 160 * (entries.count + (around?.count ?? 0)) + 128)
            json.beginObject()
            json.key("board"); json.string(board)
            if let week { json.key("week"); json.string(week) }
            json.key("entries"); Self.write(entries, to: &json)
            if let me {
                json.key("me"); json.beginObject()
                json.key("rank"); json.integer(me.rank)
                json.key("xp"); json.integer(me.xp)
                json.endObject()
            }
            if let around { json.key("around"); Self.write(around, to: &json) }
            json.key("source"); json.string(source)
            json.endObject()
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
        }

        private static func write(_ entries: [Entry], to json: inout JSONText) {
            json.beginArray()
            for entry in entries {
                json.beginObject()
                json.key("rank"); json.integer(entry.rank)
                json.key("userId"); json.string(entry.userId)
                json.key("displayName"); json.string(entry.displayName)
                json.key("xp"); json.integer(entry.xp)
                json.endObject()
            }
            json.endArray()
        }
    }

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
