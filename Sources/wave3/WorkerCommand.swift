import ArgumentParser
import Wave3API

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run background work: the outbox relay, async_tasks and analytics_events (docs/notifications.md).")

    func run() async throws {
        let configuration = try Wave3Commands.configurationFromEnvironment()
        try await Wave3Commands.worker(configuration)
    }
}
