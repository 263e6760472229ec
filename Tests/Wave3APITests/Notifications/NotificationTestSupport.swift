import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import Testing
@testable import Wave3API

/// A wave3 served on a real port (services running: outbox relay, socket delivery), so sockets
/// and the background machinery are exercised as in production. No `WAVE3_AMQP_URL`: the
/// embedded twin.
enum NotificationTestSupport {
    static func withLiveApp(configure: @escaping (inout AppConfiguration) -> Void = { _ in },
                            _ body: @escaping @Sendable (any TestClientProtocol, AppServices, Int) async throws -> Void) async throws {
        var configuration = TestEnvironment.configuration()
        configuration.notifications.taskRetryBaseMillis = 20
        configure(&configuration)
        let config = configuration
        try await TestEnvironment.withDatabase { database in
            let services = await AppServices(database: database, configuration: config)
            let app = buildApplication(services, configuration: config, logger: Logger(label: "test"))
            try await app.test(.live) { client in
                try await body(client, services, try #require(client.port))
            }
            await services.notifications.shutdown()
        }
    }

    /// A notification written the way every trigger writes one: row and push in one transaction.
    static func notify(_ services: AppServices, id: String, userId: String, title: String = "Title", body: String = "Body",
                       priority: Int = 0) async throws {
        _ = try await services.database.transaction { sql in
            try await NotificationRepository.create(NewNotification(id: id, userId: userId, type: "test", title: title, body: body, priority: priority),
                                                    render: NotificationJSON.render, on: sql)
        }
        services.notifications.outboxWritten()
    }

    static func count(_ services: AppServices, _ sql: String) async throws -> Int {
        try await services.database.sql.raw("\(unsafeRaw: sql)").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
