import Balancer
import Foundation
import NIOPosix

/// Two clients (API keys) each send 3× the limit for a few seconds over real sockets; one is a
/// VIP ×2. Accepted counts are compared with what the limit allows (rate × time + burst).
enum LimiterBench {
    static func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let stub = StubReplicaServer(name: "r0", group: group)
        try await stub.start()
        var config = BalancerConfiguration()
        config.listenPort = 0; config.adminPort = 0; config.threads = 2
        config.upstreams = [Upstream(host: "127.0.0.1", port: stub.port)]
        let rate = 100.0, burst = 10, seconds = 5.0
        config.limit = GCRALimit(ratePerSecond: rate, burst: burst)
        // Production layering (reputation on) unless `--limiter-only`: a few seconds over the
        // limit cost a few reputation points, inside the dead zone that leaves the limit alone.
        config.flags.reputation.enabled = !CommandLine.arguments.contains("--limiter-only")
        let server = try BalancerServer(config: config, group: group)
        try await server.start()
        await server.setVIP("key:vip", VIPEntry(tier: .vip, multiplier: 2))
        let port = server.listenPort!

        func blast(key: String, rps: Double) -> Task<(Int, Int, Double), Never> {
            Task.detached { await onThread {
                let c = BlockingClient(port: port)
                let start = Date()
                var ok = 0, sent = 0
                while true {
                    let due = start.addingTimeInterval(Double(sent) / rps)
                    if due.timeIntervalSince(start) >= seconds { break }
                    let wait = due.timeIntervalSinceNow
                    if wait > 0 { usleep(UInt32(wait * 1e6)) }
                    if c.get("/", headers: "X-API-Key: \(key)\r\n") == 200 { ok += 1 }
                    sent += 1
                }
                return (ok, sent, Date().timeIntervalSince(start))
            } }
        }
        let normal = blast(key: "normal", rps: 3 * rate)
        let vip = blast(key: "vip", rps: 3 * 2 * rate)
        let (nOK, nSent, nTime) = await normal.value
        let (vOK, vSent, vTime) = await vip.value
        // What the limit allows over the time the client actually spent sending.
        let nExpected = rate * nTime + Double(burst)
        let vExpected = 2 * rate * vTime + 2 * Double(burst)  // a VIP ×2 has twice the burst too
        let nErr = abs(Double(nOK) - nExpected) / nExpected * 100
        let vErr = abs(Double(vOK) - vExpected) / vExpected * 100
        print(String(format: "limiter: client at 3x limit: accepted %d of %d sent, allowed %.0f -> error %.1f %% (bar <= 5 %%: %@)", nOK, nSent, nExpected, nErr, verdict(nErr <= 5)))
        print(String(format: "limiter: VIP x2 at 3x its limit: accepted %d of %d sent, allowed %.0f -> error %.1f %%, ratio to normal %.2f (bar: within 5 %% of 2x: %@)", vOK, vSent, vExpected, vErr, Double(vOK) / Double(max(nOK, 1)), verdict(vErr <= 5)))
        await server.drain()
        await stub.stop()
        try await group.shutdownGracefully()
    }
}
