import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Messaging
import ServiceLifecycle
import Storage

/// How the notification pieces plug into a process (docs/notifications.md).
public enum NotificationServices {
    /// HTTP/1 with the `/api/v1/ws` upgrade; pings every `pingSeconds`, closing a silent socket.
    static func server(_ services: AppServices, configuration: AppConfiguration) -> HTTPServerBuilder {
        let settings = configuration.notifications
        let upgrade = HTTP1WebSocketUpgradeChannel.Configuration(
            ws: .init(maxFrameSize: NotificationSocket.maxInboundMessage, autoPing: .enabled(timePeriod: .seconds(settings.pingSeconds)),
                      closeTimeout: .seconds(NotificationSocket.closeTimeoutSeconds)))
        let shouldUpgrade = NotificationSocket.shouldUpgrade(auth: services.auth, hub: services.notifications.hub)
        return HTTPServerBuilder { responder in
            SmallReadBufferChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, configuration: upgrade, shouldUpgrade: shouldUpgrade))
        }
    }

    /// A replica: feeds its sockets and relays the outbox.
    static func replica(_ services: AppServices, configuration: AppConfiguration) -> [any Service] {
        let runtime = services.notifications
        var list: [any Service] = [PushDelivery(database: services.database, runtime: runtime)]
        if configuration.notifications.relayInReplicas {
            list.append(OutboxRelay(database: services.database, runtime: runtime, processor: TaskProcessor(services: services, runtime: runtime)))
        }
        return list
    }

    /// `wave3 worker`: the relay, and with a broker the task and analytics consumers.
    static func worker(_ services: AppServices) -> [any Service] {
        let runtime = services.notifications
        let processor = TaskProcessor(services: services, runtime: runtime)
        var list: [any Service] = [OutboxRelay(database: services.database, runtime: runtime, processor: processor),
                                   DigestScheduler(database: services.database, runtime: runtime)]
        if let url = runtime.broker {
            list.append(TaskWorker(url: url, processor: processor, runtime: runtime, database: services.database))
        }
        return list
    }
}
