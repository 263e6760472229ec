import Balancer
import BalancerTestSupport
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Live on loopback: the real balancer over real sockets in front of three stub replicas
/// (2 ms each); halfway through every round one replica is slowed to 25 ms (the stub's
/// test-only delay). A fixed request rate, open loop (latency counted from the scheduled send
/// time, so a stalled client does not hide queueing). P2C peak-EWMA and the learning policy
/// alternate for several rounds, each on a fresh balancer; then closed-loop throughput of each.
enum LiveBench {
    static let learner = PolicyKind.linUCB

    static func run(rate: Double, seconds: Double, rounds: Int) async throws {
        var lat: [PolicyKind: [Double]] = [:]
        var failed: [PolicyKind: Int] = [:]
        for round in 1...rounds {
            for kind in [PolicyKind.p2cPeakEWMA, learner] {
                let (samples, errors) = try await withBalancer(kind) { port, stubs in
                    try await openLoop(port: port, rate: rate, seconds: seconds) {
                        stubs[0].setBehaviour { $0.delay = .milliseconds(25) }
                    }
                }
                lat[kind, default: []] += samples
                failed[kind, default: 0] += errors
                print(String(format: "round %d %-14@ p50 %6.2f ms  p99 %7.2f ms  failed %d", round, kind.rawValue as NSString,
                             quantile(samples, 0.5), quantile(samples, 0.99), errors))
            }
        }
        let p99p2c = quantile(lat[.p2cPeakEWMA] ?? [], 0.99), p99l = quantile(lat[learner] ?? [], 0.99)
        print(String(format: "live p99 over %d rounds: p2c_peak_ewma %.2f ms, %@ %.2f ms, ratio %.3f (bar ≤ 1.00: %@)", rounds, p99p2c,
                     learner.rawValue as NSString, p99l, p99l / max(p99p2c, 1e-9), verdict(p99l <= p99p2c)))
        print(String(format: "live failures: p2c_peak_ewma %d, %@ %d (bar: no more: %@)", failed[.p2cPeakEWMA] ?? 0, learner.rawValue as NSString,
                     failed[learner] ?? 0, verdict((failed[learner] ?? 0) <= (failed[.p2cPeakEWMA] ?? 0))))
        try await throughput(rounds: 4, seconds: 3)
    }

    /// Closed-loop throughput of P2C and the learner, alternating A B B A per round so a drift
    /// of the shared machine's load falls on both alike; each run on a fresh balancer.
    static func throughput(rounds: Int, seconds: Double) async throws {
        var ok: [PolicyKind: Int] = [:]
        var cpu: [PolicyKind: Int64] = [:]
        for round in 0..<rounds {
            let order = round % 2 == 0 ? [PolicyKind.p2cPeakEWMA, learner] : [learner, PolicyKind.p2cPeakEWMA]
            for kind in order {
                let (n, used) = try await withBalancer(kind, delay: .zero) { port, _ in
                    let start = processCPUNanos()
                    let n = await closedLoop(port: port, seconds: seconds, workers: 16)
                    return (n, processCPUNanos() - start)
                }
                ok[kind, default: 0] += n
                cpu[kind, default: 0] += used
                print(String(format: "throughput round %d %-14@ %.0f req/s, %.1f µs CPU/request", round + 1, kind.rawValue as NSString,
                             Double(n) / seconds, Double(used) / 1000 / Double(max(n, 1))))
            }
        }
        let total = seconds * Double(rounds)
        let ratio = Double(ok[learner] ?? 0) / Double(max(1, ok[.p2cPeakEWMA] ?? 0))
        print(String(format: "live throughput: p2c_peak_ewma %.0f req/s, %@ %.0f req/s, ratio %.3f (bar ≥ 0.95: %@)",
                     Double(ok[.p2cPeakEWMA] ?? 0) / total, learner.rawValue as NSString, Double(ok[learner] ?? 0) / total, ratio, verdict(ratio >= 0.95)))
        // Clients, stubs and balancer share this process and the machine's cores: with the CPU
        // saturated, throughput is the CPU we get over the CPU a request costs. The second factor
        // is ours; the first is whatever the other tenants leave, which moves wall-clock figures ±20 %.
        func perRequest(_ k: PolicyKind) -> Double { Double(cpu[k] ?? 0) / Double(max(1, ok[k] ?? 0)) }
        print(String(format: "live CPU per request (whole process: clients, stubs, balancer): p2c_peak_ewma %.1f µs, %@ %.1f µs, throughput ratio at equal CPU %.3f",
                     perRequest(.p2cPeakEWMA) / 1000, learner.rawValue as NSString, perRequest(learner) / 1000,
                     perRequest(.p2cPeakEWMA) / max(perRequest(learner), 1e-9)))
    }

    static func processCPUNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func withBalancer<T: Sendable>(_ kind: PolicyKind, delay: TimeAmount = .milliseconds(2),
                                          _ body: (Int, [StubReplicaServer]) async throws -> T) async throws -> T {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var stubs: [StubReplicaServer] = []
        for i in 0..<3 {
            let s = StubReplicaServer(name: "r\(i)", group: group)
            s.setBehaviour { $0.delay = delay }
            try await s.start()
            stubs.append(s)
        }
        var config = BalancerConfiguration()
        config.listenPort = 0
        config.adminPort = 0
        config.threads = 2
        config.upstreams = stubs.map { Upstream(host: "127.0.0.1", port: $0.port) }
        config.policy = kind
        config.limit = GCRALimit(ratePerSecond: 10_000_000, burst: 10_000_000)
        config.admission.capacityPerReplica = 100_000
        let server = try BalancerServer(config: config, group: group, store: nil)
        try await server.start()
        let out = try await body(server.listenPort!, stubs)
        await server.drain()
        for s in stubs { await s.stop() }
        try? await group.shutdownGracefully()
        return out
    }

    /// `rate` requests a second from 32 client threads; `halfway` runs at half time.
    static func openLoop(port: Int, rate: Double, seconds: Double, halfway: @escaping @Sendable () -> Void) async throws -> ([Double], Int) {
        let workers = 32
        let box = NIOLockedValueBox((lat: [Double](), failed: 0))
        let t0 = Date().addingTimeInterval(0.2)
        let total = Int(rate * seconds)
        let switched = NIOLockedValueBox(false)
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    await onThread {
                        let c = BlockingClient(port: port)
                        var mine: [Double] = [], bad = 0
                        var j = w
                        while j < total {
                            let due = t0.addingTimeInterval(Double(j) / rate)
                            let wait = due.timeIntervalSinceNow
                            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                            if Double(j) >= Double(total) / 2, switched.withLockedValue({ s in defer { s = true }; return !s }) { halfway() }
                            let status = c.get("/")
                            let l = -due.timeIntervalSinceNow * 1000
                            if status == 200 { mine.append(l) } else { bad += 1; mine.append(l) }
                            j += workers
                        }
                        box.withLockedValue { $0.lat += mine; $0.failed += bad }
                    }
                }
            }
        }
        let r = box.withLockedValue { $0 }
        return (r.lat, r.failed)
    }

    static func closedLoop(port: Int, seconds: Double, workers: Int) async -> Int {
        let box = NIOLockedValueBox(0)
        let deadline = Date().addingTimeInterval(seconds)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    await onThread {
                        let c = BlockingClient(port: port)
                        var ok = 0
                        while Date() < deadline { if c.get("/") == 200 { ok += 1 } }
                        box.withLockedValue { $0 += ok }
                    }
                }
            }
        }
        return box.withLockedValue { $0 }
    }

    static func quantile(_ xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * q))]
    }
}
