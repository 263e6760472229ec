import Hummingbird
import HummingbirdCore
import Messaging
import ServiceLifecycle
import Storage

/// How the notification pieces plug into a process (docs/notifications.md).
public enum NotificationServices {
    /// HTTP/1 with the `/api/v1/ws` upgrade; the replica-wide `SocketHeartbeat` pings the sockets.
    static func server(_ services: AppServices, configuration: AppConfiguration) -> HTTPServerBuilder {
        let auth = services.auth
        let hub = services.notifications.hub
        let onEventLoops = configuration.connectionsOnEventLoops
        return HTTPServerBuilder { responder in
            let channel = SmallReadBufferChannel(inner: NotificationServerChannel(
                responder: responder, hub: hub, maxFrameSize: NotificationSocket.maxInboundMessage,
                closeTimeout: .seconds(NotificationSocket.closeTimeoutSeconds),
                authenticate: { token in await auth.identity(fromToken: token)?.userId }))
            if onEventLoops { return EventLoopExecutorChannel(inner: channel) }
            return channel
        }
    }

    /// A replica: feeds its sockets and relays the outbox.
    static func replica(_ services: AppServices, configuration: AppConfiguration) -> [any Service] {
        let runtime = services.notifications
        var list: [any Service] = [PushDelivery(database: services.database, runtime: runtime),
                                   SocketHeartbeat(hub: runtime.hub, period: .seconds(configuration.notifications.pingSeconds))]
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
