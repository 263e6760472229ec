import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct AnomalyTests {
        @Test func robustZIgnoresTheOutlierItLooksFor() {
            let sample: [Double] = [100, 102, 98, 101, 99, 100, 5000]
            #expect(RobustMADDetector.robustZ(5000, in: sample) > 100)
            #expect(abs(RobustMADDetector.robustZ(101, in: sample)) < 2)
        }

        @Test func baselineIsPerTimeOfDay() {
            var b = TimeOfDayBaseline(bucketSeconds: 3600, alpha: 0.2, minSamples: 3)
            for day in 0..<10 {
                b.update(100 + Double(day % 3), secondOfDay: 3 * 3600)
                b.update(1000 + Double(day % 3), secondOfDay: 15 * 3600)
            }
            #expect(abs(b.zScore(1000, secondOfDay: 15 * 3600)) < 2)
            #expect(b.zScore(1000, secondOfDay: 3 * 3600) > 20)
        }

        @Test func detectsABurstAndAHeavyClientButNotNormalTraffic() {
            var d = AnomalyDetector()
            var rng = SplitMix64(seed: 1)
            var falseAlarms = 0
            for minute in 0..<(3 * 1440) {
                var clients: [String: Double] = [:]
                for c in 0..<20 { clients["c\(c)"] = 25 + Double(rng.next() % 10) }
                if !d.observe(TrafficSample(time: Int64(minute * 60), total: clients.values.reduce(0, +), perClient: clients)).isEmpty { falseAlarms += 1 }
            }
            #expect(falseAlarms <= 3 * 1440 / 100)
            var clients: [String: Double] = [:]
            for c in 0..<20 { clients["c\(c)"] = 30 }
            clients["attacker"] = 3000
            let found = d.observe(TrafficSample(time: 3 * 86_400, total: clients.values.reduce(0, +), perClient: clients))
            #expect(found.contains { $0.type == .clientBurst && $0.clients.first == "attacker" })
            #expect(found.contains { $0.type == .burst || $0.type == .distributedFlood })
        }
    }
}
