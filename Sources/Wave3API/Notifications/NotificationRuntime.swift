import Foundation
import Logging
import Messaging
import Storage
import Synchronization

/// The notification machinery of one process: its sockets, and either a broker connection
/// (publisher, and in a replica its exclusive queue) or, with no `WAVE3_AMQP_URL`, the embedded
/// twin that tails the outbox. Created with the app's services; started by the services of
/// `NotificationServices`.
public final class NotificationRuntime: Sendable {
    let settings: NotificationSettings
    let hub: SocketHub
    let relayWakeup = Wakeup()
    let broker: AMQPURL?
    let logger: Logger
    private let publisherSlot = Mutex<AMQPPublisher?>(nil)

    /// `settings.amqpURL` was validated when the configuration was read.
    init(settings: NotificationSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.hub = SocketHub(bufferSize: settings.socketBuffer)
        broker = settings.amqpURL.flatMap { try? AMQPURL($0) }
    }

    /// The broker publisher, connected on first use (commands that never publish never connect).
    var publisher: AMQPPublisher? {
        guard let broker else { return nil }
        return publisherSlot.withLock { slot in
            if let slot { return slot }
            let made = AMQPPublisher(url: broker, topology: BrokerTopology.shared(maxAttempts: settings.taskMaxAttempts), logger: logger)
            slot = made
            return made
        }
    }

    public var usesBroker: Bool { broker != nil }
    public var socketCount: Int { hub.connectionCount }

    /// Called after a commit that wrote outbox rows, so they leave at once rather than at the next poll.
    func outboxWritten() { relayWakeup.signal() }

    public func shutdown() async {
        await publisherSlot.withLock { $0 }?.close()
    }
}
