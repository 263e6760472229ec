import BalancerTestSupport
import Foundation
import NIOConcurrencyHelpers

/// Closed-loop keep-alive GETs from `workers` OS threads for `seconds`, against any listener
/// (the rl-balancer process in `scripts/bench-balancer.sh`). Prints one line the script parses:
/// `load: ok=N failed=M`. A failed GET is any status but 200, or a transport error.
enum LoadBench {
    static func run(port: Int, path: String, seconds: Double, workers: Int) async {
        let counts = NIOLockedValueBox((ok: 0, failed: 0, firstFailure: ""))
        let deadline = Date().addingTimeInterval(seconds)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    await onThread {
                        let c = BlockingClient(port: port)
                        var ok = 0, failed = 0, first = ""
                        while Date() < deadline {
                            let s = c.get(path)
                            if s == 200 { ok += 1 } else {
                                failed += 1
                                if first.isEmpty { first = "status \(s) at \(Date())" }
                            }
                        }
                        counts.withLockedValue {
                            $0.ok += ok
                            $0.failed += failed
                            if $0.firstFailure.isEmpty { $0.firstFailure = first }
                        }
                    }
                }
            }
        }
        let c = counts.withLockedValue { $0 }
        print("load: ok=\(c.ok) failed=\(c.failed)\(c.firstFailure.isEmpty ? "" : " first failure: \(c.firstFailure)")")
    }
}
