import BalancerTestSupport
import Balancer
import Foundation

/// Decision plus learning cost: the full engine path a request takes (decide → started →
/// finished, which calls the policy's record), 10 replicas with different latencies, thread
/// CPU time per request. Learning policies run inside their live guardrail (`make()`).
enum CostBench {
    static func run() {
        for kind in PolicyKind.allCases {
            let engine = DecisionEngine(limiter: LocalRateLimitStore(), reputation: ReputationBook(), policy: kind.make(),
                                        settings: .init(baseLimit: .init(ratePerSecond: 1_000_000_000, burst: 1_000_000)))
            engine.flags.limiter.enabled = false
            engine.setUpstreams((0..<10).map { Upstream(host: "127.0.0.1", port: 9000 + $0) })
            let n = 1_000_000
            // Requests complete 8 decisions later: the policy sees outstanding requests as in production.
            var ring: [(Int, ReplicaFeatures, RequestContext)?] = Array(repeating: nil, count: 8)
            var now: Int64 = 1_000_000_000
            let cpuStart = threadCPUNanos()
            for i in 0..<n {
                now += 50_000
                var ctx = RequestContext(client: "c\(i & 63)", now: now)
                ctx.decisionId = UInt64(i)
                if case let (r, f, c)? = ring[i & 7] {
                    engine.finished(replica: r, status: 200, latencyNanos: Int64(1_000_000 + r * 300_000), features: f, context: c, now: now)
                }
                if case .route(let r, _, _) = engine.decide(client: ctx.client, context: ctx) {
                    ring[i & 7] = (r, engine.started(replica: r), ctx)
                } else {
                    ring[i & 7] = nil
                }
            }
            let perOp = Double(threadCPUNanos() - cpuStart) / Double(n)
            let bar = kind.learns ? String(format: "(bar < 5000 ns: %@)", verdict(perOp < 5000)) : "(anchor)"
            print(String(format: "decision+learning cost %-18@ %7.0f ns/request CPU, 10 replicas %@", kind.rawValue as NSString, perOp, bar as NSString))
        }
    }
}

func threadCPUNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}
