import BalancerTestSupport
import Balancer
import Foundation

/// Labelled synthetic traces: per-minute traffic of 50 regular clients following a diurnal curve
/// (with day-to-day level noise and transient clients), 7 clean days to learn, then 14 days with
/// injected bursts, slow ramps and distributed floods. Reports recall per kind, the false
/// positive rate over normal minutes and the detection delay.
enum AnomalyBench {
    enum Kind: String, CaseIterable { case burst, slowRamp = "slow_ramp", distributedFlood = "distributed_flood" }
    struct Event { var kind: Kind; var start: Int; var end: Int; var magnitude: Double; var clients: Int }

    static func run() {
        var rng = SplitMix64(seed: 20_260_101)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        func normal() -> Double {
            let u1 = max(uniform(0, 1), 1e-12), u2 = uniform(0, 1)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        func poisson(_ l: Double) -> Double { max(0, (l + l.squareRoot() * normal()).rounded()) }

        let warmDays = 7, evalDays = 14, minutes = (warmDays + evalDays) * 1440
        let weights = (0..<50).map { _ in exp(0.5 * normal()) }
        let wsum = weights.reduce(0, +)
        let meanTotal = 600.0
        var events: [Event] = []
        for day in warmDays..<(warmDays + evalDays) {
            // Six events a day at separated random times: two of each kind.
            let kinds: [Kind] = [.burst, .slowRamp, .distributedFlood, .burst, .slowRamp, .distributedFlood]
            for (slot, kind) in kinds.enumerated() {
                let base = day * 1440 + slot * 240 + Int(uniform(20, 100))
                switch kind {
                case .burst: events.append(Event(kind: kind, start: base, end: base + Int(uniform(3, 10)), magnitude: uniform(1.0, 3.0), clients: Int(uniform(1, 4))))
                case .slowRamp: events.append(Event(kind: kind, start: base, end: base + Int(uniform(30, 90)), magnitude: uniform(0.6, 1.5), clients: 0))
                case .distributedFlood: events.append(Event(kind: kind, start: base, end: base + Int(uniform(10, 30)), magnitude: 0, clients: Int(uniform(100, 400))))
                }
            }
        }
        var label = [Int](repeating: -1, count: minutes)
        var grace = [Bool](repeating: false, count: minutes)
        for (i, e) in events.enumerated() {
            for m in e.start..<e.end { label[m] = i }
            for m in e.end..<min(minutes, e.end + 10) where label[m] < 0 { grace[m] = true }
        }

        var detector = AnomalyDetector()
        var detectedAt = [Int?](repeating: nil, count: events.count)
        var normalSteps = 0, falsePositives = 0
        var dayLevel = 1.0
        for m in 0..<minutes {
            if m % 1440 == 0 { dayLevel = 1 + 0.03 * normal() }
            let tod = Double(m % 1440) / 1440
            let diurnal = dayLevel * (1 + 0.6 * sin(2 * .pi * (tod - 0.25)))
            var per: [String: Double] = [:]
            for (i, w) in weights.enumerated() {
                let v = poisson(meanTotal * diurnal * w / wsum)
                if v > 0 { per["c\(i)"] = v }
            }
            for t in 0..<Int(poisson(5)) { per["t\(m)-\(t)"] = poisson(3) }
            let expected = meanTotal * diurnal
            if label[m] >= 0 {
                let e = events[label[m]]
                switch e.kind {
                case .burst:
                    for c in 0..<e.clients { per["attacker\(label[m])-\(c)", default: 0] += poisson(expected * e.magnitude / Double(e.clients)) }
                case .slowRamp:
                    let progress = Double(m - e.start + 1) / Double(e.end - e.start)
                    for (k, v) in per where k.hasPrefix("c") { per[k] = v + poisson(v * e.magnitude * progress) }
                case .distributedFlood:
                    for c in 0..<e.clients { per["bot\(label[m])-\(c)"] = poisson(uniform(2, 6)) }
                }
            }
            let total = per.values.reduce(0, +)
            let found = detector.observe(TrafficSample(time: Int64(m * 60), total: total, perClient: per))
            guard m >= warmDays * 1440 else { continue }
            if label[m] >= 0 {
                if !found.isEmpty && detectedAt[label[m]] == nil { detectedAt[label[m]] = m }
            } else if !grace[m] {
                normalSteps += 1
                if !found.isEmpty { falsePositives += 1 }
            }
        }
        var allDetected = 0
        for kind in Kind.allCases {
            let idx = events.indices.filter { events[$0].kind == kind }
            let hits = idx.filter { detectedAt[$0] != nil }
            allDetected += hits.count
            let delays = hits.map { Double(detectedAt[$0]! - events[$0].start) }.sorted()
            let mean = delays.isEmpty ? 0 : delays.reduce(0, +) / Double(delays.count)
            print(String(format: "anomaly %-18@ recall %5.1f %% (%d/%d)  delay mean %.1f min, p50 %.0f min, max %.0f min",
                         kind.rawValue as NSString, 100 * Double(hits.count) / Double(idx.count), hits.count, idx.count, mean,
                         delays.isEmpty ? 0 : delays[delays.count / 2], delays.last ?? 0))
        }
        let recall = Double(allDetected) / Double(events.count) * 100
        let fpr = Double(falsePositives) / Double(max(normalSteps, 1)) * 100
        print(String(format: "anomaly overall recall %.1f %% (bar >= 95: %@), false-positive rate %.2f %% of %d normal minutes (bar <= 1: %@)",
                     recall, verdict(recall >= 95), fpr, normalSteps, verdict(fpr <= 1)))
    }
}
