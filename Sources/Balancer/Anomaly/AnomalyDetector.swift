import Foundation

/// One observation window of traffic.
public struct TrafficSample: Sendable {
    /// Seconds since the epoch (or since the trace start): used for the time-of-day bucket.
    public var time: Int64
    public var total: Double
    public var perClient: [String: Double]
    /// Length of the window the counts cover: the absolute floors are rates per second.
    public var windowSeconds: Double

    public init(time: Int64, total: Double, perClient: [String: Double], windowSeconds: Double = 60) {
        self.time = time
        self.total = total
        self.perClient = perClient
        self.windowSeconds = max(windowSeconds, 1e-3)
    }
}

/// Combines the detectors: time-of-day z-score of the total rate (bursts), a CUSUM over that
/// z-score (slow ramps, whose single steps stay under the threshold), the z-score of the number
/// of active clients (distributed floods), and a robust MAD score of each client against the
/// population in the same window (single heavy clients). Anomalous windows are not learned into
/// the baseline, so an attack does not teach the detector that attacks are normal.
///
/// Little history is not evidence: the baseline detectors stay silent while their time-of-day
/// bucket is fresh (fewer than `minSamples` windows) or idle (expected rate under
/// `idleBelowPerSecond`), where a z-score compares against almost nothing and one person reading
/// the README looks like a ramp. Every anomaly needs a statistical excess (the z-score, CUSUM or
/// robust z) and an absolute one (`minimumExcessPerSecond` over the expected rate, or
/// `clientMinimumPerSecond` for one client).
public struct AnomalyDetector: Sendable {
    public struct Config: Sendable {
        public var zThreshold = 5.0
        public var clientsZThreshold = 5.0
        public var cusumSlack = 1.0
        public var cusumThreshold = 12.0
        public var clientRobustZ = 12.0
        /// Clients below this rate are never flagged on their own.
        public var clientMinimumPerSecond = 3.0
        /// A baseline expecting less than this is idle: the system detectors do not act on it.
        public var idleBelowPerSecond = 1.0
        /// The total must exceed the expected rate by this much for a burst, ramp or flood.
        public var minimumExcessPerSecond = 2.0
        public var bucketSeconds = 300
        public init() {}
    }

    public var config: Config
    public private(set) var totalBaseline: TimeOfDayBaseline
    public private(set) var clientsBaseline: TimeOfDayBaseline
    private var cusum = 0.0
    public private(set) var lastTotalZ = 0.0

    public init(config: Config = .init()) {
        self.config = config
        self.totalBaseline = TimeOfDayBaseline(bucketSeconds: config.bucketSeconds)
        self.clientsBaseline = TimeOfDayBaseline(bucketSeconds: config.bucketSeconds)
    }

    public mutating func observe(_ sample: TrafficSample) -> [Anomaly] {
        let sod = Int(sample.time % 86_400)
        let clientCount = Double(sample.perClient.count)
        var found: [Anomaly] = []

        // Single heavy clients: judged against the other clients of the same window.
        if sample.perClient.count >= 5 {
            let rates = Array(sample.perClient.values)
            let med = RobustMADDetector.median(rates)
            let mad = max(RobustMADDetector.median(rates.map { abs($0 - med) }), max(1, med * 0.5))
            let minimum = config.clientMinimumPerSecond * sample.windowSeconds
            let heavy = sample.perClient.filter { $0.value >= minimum && 0.6745 * ($0.value - med) / mad > config.clientRobustZ }
            if !heavy.isEmpty {
                let top = heavy.max { $0.value < $1.value }!
                let z = 0.6745 * (top.value - med) / mad
                found.append(Anomaly(type: .clientBurst, confidence: Self.confidence(z, threshold: config.clientRobustZ), score: z,
                                     clients: heavy.sorted { $0.value > $1.value }.prefix(20).map(\.key),
                                     responses: [.lowerReputation, .alert], detectedAt: sample.time, observedRate: top.value, expectedRate: med))
            }
        }

        let expected = totalBaseline.expected(secondOfDay: sod)
        guard totalBaseline.isWarm(secondOfDay: sod), expected >= config.idleBelowPerSecond * sample.windowSeconds else {
            totalBaseline.update(sample.total, secondOfDay: sod)
            clientsBaseline.update(clientCount, secondOfDay: sod)
            // Nothing accumulated against a fresh or idle baseline carries over once it is warm.
            cusum = 0
            lastTotalZ = 0
            return found
        }
        let z = totalBaseline.zScore(sample.total, secondOfDay: sod)
        let zc = clientsBaseline.zScore(clientCount, secondOfDay: sod)
        lastTotalZ = z
        cusum = max(0, cusum + z - config.cusumSlack)
        let excess = sample.total - expected >= config.minimumExcessPerSecond * sample.windowSeconds

        var systemAnomaly = false
        if !excess {
            // Statistically unusual but small in absolute terms: ordinary traffic, learned as such.
        } else if z > config.zThreshold {
            systemAnomaly = true
            let floodish = zc > config.clientsZThreshold
            found.append(Anomaly(type: floodish ? .distributedFlood : .burst, confidence: Self.confidence(z, threshold: config.zThreshold), score: z,
                                 clients: floodish ? [] : Self.topClients(sample.perClient, count: 5),
                                 responses: [.tightenLimits, .alert], detectedAt: sample.time, observedRate: sample.total, expectedRate: expected))
        } else if zc > config.clientsZThreshold && z > config.zThreshold / 2 {
            systemAnomaly = true
            found.append(Anomaly(type: .distributedFlood, confidence: Self.confidence(zc, threshold: config.clientsZThreshold), score: zc, clients: [],
                                 responses: [.tightenLimits, .alert], detectedAt: sample.time, observedRate: sample.total, expectedRate: expected))
        } else if cusum > config.cusumThreshold {
            systemAnomaly = true
            found.append(Anomaly(type: .slowRamp, confidence: Self.confidence(cusum, threshold: config.cusumThreshold), score: cusum, clients: [],
                                 responses: [.tightenLimits, .alert], detectedAt: sample.time, observedRate: sample.total, expectedRate: expected))
        }
        if !systemAnomaly {
            totalBaseline.update(sample.total, secondOfDay: sod)
            clientsBaseline.update(clientCount, secondOfDay: sod)
        } else if z < config.zThreshold / 2 && zc < config.clientsZThreshold / 2 {
            // The ramp has settled near normal: learn slowly again, and re-arm the CUSUM.
            cusum = 0
        }
        return found
    }

    /// Rises from 0.5 at the threshold towards 1 at three times the threshold.
    static func confidence(_ score: Double, threshold: Double) -> Double {
        min(0.99, 0.5 + 0.5 * min(1, max(0, (score - threshold) / (2 * threshold))))
    }

    static func topClients(_ m: [String: Double], count: Int) -> [String] {
        m.sorted { $0.value > $1.value }.prefix(count).map(\.key)
    }
}
