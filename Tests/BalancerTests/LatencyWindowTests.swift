import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct LatencyWindowTests {
        /// Selection must give exactly the order statistic a full sort gives, ties and wrap-around included.
        @Test func quantileMatchesSortedOrderStatistic() {
            var rng = SplitMix64(seed: 11)
            for capacity in [1, 2, 7, 1000] {
                var w = LatencyWindow(capacity: capacity)
                for n in 1...(capacity * 2 + 3) {
                    // Few distinct values, so ties are common.
                    w.add(Double(rng.next() % 17) + (n % 5 == 0 ? 0.5 : 0))
                    let sorted = w.values.sorted()
                    for q in [0.0, 0.5, 0.9, 0.99, 1.0] {
                        let want = sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
                        #expect(w.quantile(q) == want)
                    }
                }
            }
            var empty = LatencyWindow(capacity: 4)
            #expect(empty.quantile(0.99) == 0)
        }
    }
}
