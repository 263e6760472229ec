import Balancer
import BalancerTestSupport
import Foundation
import NIOConcurrencyHelpers
import NIOPosix

/// Load through the balancer over two replicas; one is killed (listener and connections closed)
/// mid-run and restarted later. Reports failed GETs, time to ejection and to readmission.
enum FailoverBench {
    static func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let stubs = [StubReplicaServer(name: "r0", group: group), StubReplicaServer(name: "r1", group: group)]
        for s in stubs { try await s.start() }
        var config = BalancerConfiguration()
        config.listenPort = 0; config.adminPort = 0; config.threads = 2
        config.upstreams = stubs.map { Upstream(host: "127.0.0.1", port: $0.port) }
        config.flags.limiter.enabled = false
        let server = try BalancerServer(config: config, group: group)
        try await server.start()
        let port = server.listenPort!
        let stop = NIOLockedValueBox(false)
        let counts = NIOLockedValueBox((ok: 0, failed: 0))
        var workers: [Task<Void, Never>] = []
        for _ in 0..<8 {
            workers.append(Task.detached { await onThread {
                let c = BlockingClient(port: port)
                var deadline = 0
                while !stop.withLockedValue({ $0 }) && deadline < 1_000_000 {
                    deadline += 1
                    let s = c.get("/")
                    counts.withLockedValue { if s == 200 { $0.ok += 1 } else { $0.failed += 1 } }
                }
            } })
        }
        try await Task.sleep(nanoseconds: 1_000_000_000)
        let victim = stubs[0]
        let name = "127.0.0.1:\(victim.port)"
        let killedAt = Date()
        await victim.stop()
        var ejectedAfter: Double?
        while Date().timeIntervalSince(killedAt) < 5 {
            if await server.upstreamViews().first(where: { $0.name == name })?.eligible == false {
                ejectedAfter = Date().timeIntervalSince(killedAt); break
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try await Task.sleep(nanoseconds: 2_000_000_000)
        try await victim.start()
        let backAt = Date()
        var readmittedAfter: Double?
        while Date().timeIntervalSince(backAt) < 10 {
            if await server.upstreamViews().first(where: { $0.name == name })?.eligible == true {
                readmittedAfter = Date().timeIntervalSince(backAt); break
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try await Task.sleep(nanoseconds: 1_000_000_000)
        stop.withLockedValue { $0 = true }
        for w in workers { await w.value }
        let (ok, failed) = counts.withLockedValue { ($0.ok, $0.failed) }
        print("failover: \(ok) GETs ok, \(failed) failed (bar 0: \(failed == 0 ? "PASS" : "FAIL"))")
        print(String(format: "failover: ejected %.3f s after kill (bar <= 1 s: %@)", ejectedAfter ?? -1, verdict((ejectedAfter ?? 99) <= 1)))
        print(String(format: "failover: readmitted %.3f s after restart (bar <= 2 s: %@)", readmittedAfter ?? -1, verdict((readmittedAfter ?? 99) <= 2)))
        print("failover: served by restarted replica after readmission: \(stubs[0].hits) hits in total")
        await server.drain()
        for s in stubs { await s.stop() }
        try await group.shutdownGracefully()
    }
}
