import Balancer
import BalancerTestSupport
import Foundation
import NIOCore
import NIOPosix

// balancer-bench: prints the figures issue 4 asks for. Subcommands:
//   replica --port P --name N     a stub replica (for the wrk runs of scripts/bench-balancer.sh)
//   decision                      limiter + reputation + policy decision cost
//   limiter                       accepted rate at 3x the limit, normal and VIP x2, over real sockets
//   failover                      killed replica under load: failed GETs, ejection and readmission times
//   anomaly                       detection on labelled synthetic traces
//   shared-limiter --redis URL [--seconds S]   two balancers sharing one Redis: accepted at 3x the limit
//   redis-script --redis URL [--seconds S]     one GCRA script per decision: decisions/s and round trip
//   load --port P [--path /x] [--seconds S] [--workers N]   keep-alive GET load, counts failures

let args = CommandLine.arguments.dropFirst()
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), args.index(after: i) < args.endIndex else { return nil }
    return args[args.index(after: i)]
}

switch args.first ?? "" {
case "replica":
    let group = MultiThreadedEventLoopGroup(numberOfThreads: Int(option("--threads") ?? "1") ?? 1)
    let stub = StubReplicaServer(name: option("--name") ?? "replica", group: group)
    let port = try await stub.start(port: Int(option("--port") ?? "0") ?? 0)
    print("replica listening on \(port)")
    while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }
case "decision": DecisionBench.run()
case "limiter": try await LimiterBench.run()
case "failover": try await FailoverBench.run()
case "anomaly": AnomalyBench.run()
case "shared-limiter":
    try await SharedLimiterBench.accuracy(redisURL: option("--redis") ?? "redis://127.0.0.1:6379", seconds: Double(option("--seconds") ?? "5") ?? 5)
case "redis-script":
    try await SharedLimiterBench.script(redisURL: option("--redis") ?? "redis://127.0.0.1:6379", seconds: Double(option("--seconds") ?? "3") ?? 3,
                                        concurrency: Int(option("--concurrency") ?? "64") ?? 64)
case "load":
    await LoadBench.run(port: Int(option("--port") ?? "8080") ?? 8080, path: option("--path") ?? "/",
                        seconds: Double(option("--seconds") ?? "5") ?? 5, workers: Int(option("--workers") ?? "8") ?? 8)
default:
    print("usage: balancer-bench replica|decision|limiter|failover|anomaly|load")
}
