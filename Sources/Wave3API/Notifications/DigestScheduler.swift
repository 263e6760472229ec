import Foundation
import ServiceLifecycle
import Storage

/// Enqueues the weekly digest once per week (epoch week), whichever worker gets there first: the
/// task id is the week, and the outbox ignores a second insert of an id.
struct DigestScheduler: Service {
    let database: Database
    let runtime: NotificationRuntime
    static let week: Int64 = 7 * 86_400_000

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let week = Timestamp.nowMillis() / Self.week
            do {
                try await database.transaction { sql in
                    try await Outbox.enqueue(task: TaskMessage(id: "weekly-digest:\(week)", task: "weekly_digest", args: [:]), on: sql)
                }
                runtime.outboxWritten()
            } catch {
                runtime.logger.warning("weekly digest not scheduled", metadata: ["error": "\(error)"])
            }
            // Woken by a graceful shutdown, so SIGTERM does not wait out the hour.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
