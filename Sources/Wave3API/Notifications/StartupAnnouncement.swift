import Logging
import ServiceLifecycle

/// Logs that a process is up from inside its `ServiceGroup`, which installs its SIGTERM/SIGINT
/// handlers before it starts any service: once the line is written, a SIGTERM is a graceful
/// shutdown, never the default action (exit 143). Supervisors and tests wait for this line.
struct StartupAnnouncement: Service {
    let logger: Logger
    let message: Logger.Message
    let metadata: Logger.Metadata

    func run() async throws {
        logger.info(message, metadata: metadata)
    }
}
