import Balancer
import BalancerTestSupport
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
        let normalKey = try await server.issueKey(name: "normal", tier: .standard, multiplier: 1).plaintext
        let vipKey = try await server.issueKey(name: "vip", tier: .vip, multiplier: 2).plaintext
        let port = server.listenPort!

        /// Sends at `rps` on one keep-alive connection; returns accepted, sent, seconds spent and
        /// the send time of every request (to replay an ideal limiter on the same arrivals).
        func blast(key: String, rps: Double) -> Task<(Int, Int, Double, [Int64]), Never> {
            Task.detached { await onThread {
                let c = BlockingClient(port: port)
                let start = Date()
                var ok = 0, sent = 0
                var stamps: [Int64] = []
                while true {
                    let due = start.addingTimeInterval(Double(sent) / rps)
                    if due.timeIntervalSince(start) >= seconds { break }
                    let wait = due.timeIntervalSinceNow
                    if wait > 0 { usleep(UInt32(wait * 1e6)) }
                    stamps.append(monotonicNanos())
                    if c.get("/", headers: "X-API-Key: \(key)\r\n") == 200 { ok += 1 }
                    sent += 1
                }
                return (ok, sent, Date().timeIntervalSince(start), stamps)
            } }
        }
        /// What a perfect GCRA would accept from exactly these arrivals: on a loaded machine the
        /// client thread is sometimes descheduled for longer than the burst covers, and the
        /// capacity of those gaps is lost to the client, not to the limiter.
        func replay(_ stamps: [Int64], _ limit: GCRALimit) -> Double {
            var tat: Int64 = 0, n = 0
            for t in stamps where GCRA.decide(tat: &tat, now: t, limit: limit).isAllowed { n += 1 }
            return Double(n)
        }
        let base = GCRALimit(ratePerSecond: rate, burst: burst)
        let normal = blast(key: normalKey, rps: 3 * rate)
        let vip = blast(key: vipKey, rps: 3 * 2 * rate)
        let (nOK, nSent, nTime, nStamps) = await normal.value
        let (vOK, vSent, vTime, vStamps) = await vip.value
        // What the limit allows over the time the client actually spent sending.
        let nExpected = rate * nTime + Double(burst)
        let vExpected = 2 * rate * vTime + 2 * Double(burst)  // a VIP ×2 has twice the burst too
        let nReplay = replay(nStamps, base), vReplay = replay(vStamps, base.scaled(by: 2))
        func err(_ a: Int, _ b: Double) -> Double { abs(Double(a) - b) / b * 100 }
        print(String(format: "limiter: client at 3x its limit: accepted %d of %d sent; limit x time allows %.0f (error %.1f %%, bar <= 5 %%: %@); an exact GCRA on the same arrivals accepts %.0f (error %.1f %%: %@)",
                     nOK, nSent, nExpected, err(nOK, nExpected), verdict(err(nOK, nExpected) <= 5), nReplay, err(nOK, nReplay), verdict(err(nOK, nReplay) <= 5)))
        print(String(format: "limiter: VIP x2 at 3x its limit: accepted %d of %d sent (%.2fx the normal client); limit x time allows %.0f (error %.1f %%, bar <= 5 %%: %@); exact GCRA on the same arrivals %.0f (error %.1f %%: %@)",
                     vOK, vSent, Double(vOK) / Double(max(nOK, 1)), vExpected, err(vOK, vExpected), verdict(err(vOK, vExpected) <= 5), vReplay, err(vOK, vReplay), verdict(err(vOK, vReplay) <= 5)))
        await server.drain()
        await stub.stop()
        try await group.shutdownGracefully()
    }
}
