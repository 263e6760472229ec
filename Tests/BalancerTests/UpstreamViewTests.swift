import Testing
@testable import Balancer

/// `/upstreams` merges the loops' latency estimates by how recent each one is.
extension AllBalancerTests {
    @Suite(.serialized) struct UpstreamViewTests {
        @Test func oneStaleSlowLoopDoesNotHideWhatTheOthersMeasureNow() async throws {
            try await withBalancer(replicas: 1, threads: 2) { f in
                let now = monotonicNanos()
                let first = f.server.loops[0].eventLoop
                // Loop 0 saw one slow (176 ms) request a minute ago and nothing since; loop 1
                // has been answered in 5 ms ever since.
                let stamps = await f.server.gather { lc -> Int in
                    let r = lc.engine.replicas[0]
                    if first.inEventLoop {
                        r.ewma.observe(rttNanos: 176e6, now: now - 60_000_000_000)
                    } else {
                        for s in stride(from: 60, through: 0, by: -1) { r.ewma.observe(rttNanos: 5e6, now: now - Int64(s) * 1_000_000_000) }
                    }
                    return 1
                }
                #expect(stamps.count == 2)
                let view = try #require(await f.server.upstreamViews().first)
                #expect(view.latencyEstimateMs < 10)
                #expect(view.latencyEstimateMs >= 5)
            }
        }

        @Test func mergeIsAPlainMeanWhenLoopsAreEquallyFresh() {
            var m = LatencyMerge()
            m.add(.init(estimateNanos: 10e6, stampNanos: 100, decayNanos: 10e9))
            m.add(.init(estimateNanos: 30e6, stampNanos: 100, decayNanos: 10e9))
            #expect(abs((m.estimateNanos ?? 0) - 20e6) < 1)
            var unmeasured = LatencyMerge()
            unmeasured.add(.init(estimateNanos: 30e6, stampNanos: 0, decayNanos: 10e9))
            #expect(unmeasured.estimateNanos == 30e6)
            #expect(LatencyMerge().estimateNanos == nil)
        }
    }
}
