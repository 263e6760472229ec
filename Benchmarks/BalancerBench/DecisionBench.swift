import BalancerTestSupport
import Balancer
import Foundation

/// The per-request decision of the data path: flags, priority admission, GCRA limiter (VIP ×
/// reputation × load factor), reputation lookup and the routing policy, over 10 000 clients.
enum DecisionBench {
    static func run() {
        for kind in PolicyKind.allCases {
            let engine = DecisionEngine(limiter: LocalRateLimitStore(), reputation: ReputationBook(), policy: kind.make(),
                                        settings: .init(baseLimit: .init(ratePerSecond: 1_000_000, burst: 1000)))
            engine.setUpstreams((0..<4).map { Upstream(host: "127.0.0.1", port: 9000 + $0) })
            let clients = (0..<10_000).map { "ip:10.0.\($0 / 256).\($0 % 256)" }
            for i in 0..<100 { engine.reputation.record(.rateLimited, client: clients[i], now: 1) }
            engine.vips = [clients[1]: VIPEntry(tier: .vip, multiplier: 2)]
            let n = 2_000_000
            var routed = 0
            let start = monotonicNanos()
            let cpuStart = threadCPUNanos()
            for i in 0..<n {
                let now = start + Int64(i) * 100
                if case .route(let r, _, _) = engine.decide(client: clients[i % clients.count], context: RequestContext(now: now)) {
                    routed &+= r
                }
            }
            let wall = Double(monotonicNanos() - start) / Double(n)
            // CPU time of this thread: on a shared machine the wall clock also counts the time
            // other processes held the core, which is not a cost of the decision.
            let perOp = Double(threadCPUNanos() - cpuStart) / Double(n)
            print(String(format: "decision cost %-18@ %7.1f ns/request CPU (wall %7.1f ns)  (bar < 2000 ns: %@)", kind.rawValue as NSString, perOp, wall, verdict(perOp < 2000)), routed == -1 ? "" : "")
        }
    }
}

func threadCPUNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
