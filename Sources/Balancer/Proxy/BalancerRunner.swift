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

    /// `run` for a synchronous `main`: the main thread blocks on a semaphore while the work runs
    /// on the concurrency runtime's threads. An async `main` parks the main thread in
    /// libdispatch's `dispatch_main` instead, under which valgrind 3.19 dies (docs/performance.md).
    public static func runBlocking(_ config: BalancerConfiguration) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<(any Error)?>(nil)
        Task.detached {
            do { try await run(config) } catch { outcome.withLockedValue { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLockedValue({ $0 }) { throw error }
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
