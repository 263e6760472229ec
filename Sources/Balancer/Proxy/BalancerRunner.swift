import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// What `rl-balancer serve` does after parsing: open persistence, start, drain on SIGTERM/SIGINT.
public enum BalancerRunner {
    public static func run(_ config: BalancerConfiguration) async throws {
        let logger = Logger(label: "rl-balancer")
        let store = try await PersistenceFactory.open(url: config.databaseURL, logger: logger)
        let server = try BalancerServer(config: config, store: store, logger: logger)
        try await server.start()
        await waitForTermination()
        await server.shutdown()
    }

    /// Suspends until SIGTERM or SIGINT.
    static func waitForTermination() async {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            let fired = NIOLockedValueBox(false)
            let queue = DispatchQueue(label: "rl-balancer.signals")
            let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
            for s in sources {
                s.setEventHandler {
                    // SIGTERM then SIGINT must resume the continuation once only.
                    guard fired.withLockedValue({ old in defer { old = true }; return !old }) else { return }
                    for other in sources { other.cancel() }
                    cont.resume()
                }
                s.resume()
            }
        }
    }
}
