import Testing
@testable import Balancer

/// Labelled traces, replayed through the detector: each says which anomaly types it must raise
/// (none for ordinary traffic). The README reader is the case of issue 9: one person's ~55
/// requests on a quiet balancer once tightened everybody's limits as a `slow_ramp`.
struct LabelledTrace: CustomTestStringConvertible, Sendable {
    var name: String
    var windowSeconds: Double
    /// Requests per window: the background load, plus one named reader or attacker.
    var background: [Double]
    var foreground: [Double]
    var expected: Set<AnomalyType>
    var testDescription: String { name }

    static let start: Int64 = 8 * 3600

    /// One time-of-day bucket for the whole trace: every window is judged against all the
    /// history before it, so a quiet start is an idle baseline rather than a fresh one.
    static var detector: AnomalyDetector {
        var config = AnomalyDetector.Config()
        config.bucketSeconds = 86_400
        return AnomalyDetector(config: config)
    }

    func replay() -> Set<AnomalyType> {
        var d = Self.detector
        var found: Set<AnomalyType> = []
        for i in 0..<max(background.count, foreground.count) {
            var per: [String: Double] = [:]
            let bg = i < background.count ? background[i] : 0
            // Background load spread over ten steady clients.
            if bg > 0 { for c in 0..<10 { per["ip:10.0.0.\(c)"] = bg / 10 } }
            if i < foreground.count, foreground[i] > 0 { per["ip:192.0.2.1"] = foreground[i] }
            let sample = TrafficSample(time: Self.start + Int64(Double(i) * windowSeconds), total: per.values.reduce(0, +),
                                       perClient: per, windowSeconds: windowSeconds)
            for a in d.observe(sample) { found.insert(a.type) }
        }
        return found
    }

    static func idle(_ n: Int) -> [Double] { Array(repeating: 0, count: n) }
    static func steady(_ perWindow: Double, _ n: Int) -> [Double] { Array(repeating: perWindow, count: n) }

    /// The reader's 55 requests, as they arrived: a few a window while reading, once all at once.
    static let readerPaced: [Double] = [4, 3, 5, 4, 4, 3, 5, 4, 4, 3, 5, 4, 4, 3]
    static let readerQuick: [Double] = [9, 12, 8, 11, 10, 5]

    static let all: [LabelledTrace] = [
        LabelledTrace(name: "README reader on an idle balancer, paced", windowSeconds: 10, background: idle(80),
                      foreground: idle(60) + readerPaced, expected: []),
        LabelledTrace(name: "README reader on an idle balancer, quick", windowSeconds: 10, background: idle(80),
                      foreground: idle(60) + readerQuick, expected: []),
        LabelledTrace(name: "README reader right after start", windowSeconds: 10, background: idle(30),
                      foreground: readerPaced + readerQuick, expected: []),
        LabelledTrace(name: "README reader on a little steady traffic", windowSeconds: 10, background: steady(20, 120),
                      foreground: idle(60) + readerQuick + readerPaced, expected: []),
        LabelledTrace(name: "burst on steady traffic", windowSeconds: 10, background: steady(500, 62),
                      foreground: idle(60) + [5000, 5000], expected: [.burst]),
        LabelledTrace(name: "slow ramp on steady traffic", windowSeconds: 10, background: steady(500, 60) + (1...40).map { 500 + Double($0) * 25 },
                      foreground: [], expected: [.slowRamp]),
    ]
}

extension AllBalancerTests {
    @Suite struct AnomalyTraceTests {
        @Test(arguments: LabelledTrace.all)
        func labelledTrace(_ trace: LabelledTrace) {
            let found = trace.replay()
            if trace.expected.isEmpty {
                #expect(found.isEmpty, "\(trace.name): \(found)")
            } else {
                #expect(!found.isDisjoint(with: trace.expected), "\(trace.name): \(found)")
            }
        }

        @Test func aStatisticalExcessAloneIsNotAnAnomaly() {
            // A warm, steady 12 a window (1.2/s, not idle): 31 is z ≈ 5.5, but only 1.9/s more.
            var d = LabelledTrace.detector
            for i in 0..<60 { _ = d.observe(TrafficSample(time: LabelledTrace.start + Int64(i) * 10, total: 12, perClient: ["a": 12], windowSeconds: 10)) }
            #expect(d.lastTotalZ == 0)
            #expect(d.observe(TrafficSample(time: LabelledTrace.start + 600, total: 31, perClient: ["a": 31], windowSeconds: 10)).isEmpty)
            #expect(d.lastTotalZ > 5)
            #expect(!d.observe(TrafficSample(time: LabelledTrace.start + 610, total: 3000, perClient: ["a": 3000], windowSeconds: 10)).isEmpty)
        }
    }
}
