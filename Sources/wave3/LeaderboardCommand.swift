import ArgumentParser
import Wave3API

/// `wave3 leaderboard rebuild` (issue 11, docs/redis.md).
struct Leaderboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Leaderboards in Redis.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recreate every board in Redis from the XP ledger (WAVE3_REDIS_URL).")

        func run() async throws {
            let configuration = try Wave3Commands.configurationFromEnvironment()
            print(try await Wave3Commands.rebuildLeaderboards(configuration))
        }
    }
}
