import Logging
import ServiceLifecycle
import Storage

extension Wave3Commands {
    /// `wave3 worker`: relays the outbox and, with `WAVE3_AMQP_URL`, consumes `async_tasks` and
    /// `analytics_events`; without it, runs tasks in-process from the outbox (the embedded twin).
    /// SIGTERM/SIGINT: the task in hand finishes and is acked, the rest stays queued.
    public static func worker(_ configuration: AppConfiguration) async throws {
        let logger = Logger(label: "wave3.worker")
        try await withServices(configuration, logger: logger) { services in
            do { try await services.models.refresh() } catch {
                logger.warning("learning models not loaded; using the defaults", metadata: ["error": "\(error)"])
            }
            let started = StartupAnnouncement(logger: logger, message: "worker started",
                                              metadata: ["broker": "\(services.notifications.usesBroker)"])
            let group = ServiceGroup(configuration: .init(services: [.init(service: started, successTerminationBehavior: .ignore)]
                                                              + NotificationServices.worker(services).map { .init(service: $0) },
                                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
        logger.info("worker stopped")
    }
}
