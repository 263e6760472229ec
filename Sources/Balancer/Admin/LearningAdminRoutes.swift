import Foundation
import Prometheus

/// Admin routes of the learning policies (docs/rl-policies.md):
/// - `GET /models`; `POST /models` (a model file as the body) adds the next version and makes it
///   current; `PUT /models/{policy}/current` `{"version": n}` switches; `POST
///   /models/{policy}/rollback` returns to the version before. Every loop's policy is rebuilt at
///   once, no restart.
/// - `GET /ab` compares the split's two policies; `PUT /ab` `{"policy": name, "share": 0…1}`
///   routes that share of clients (by client hash) with the second policy; `DELETE /ab` ends it.
/// - `GET /learning`: guardrail counters of the running learners, merged over the loops.
extension AdminAPI {
    func learningRoutes(_ request: Request, parts: [String]) async -> Response {
        let store = ModelStore.shared
        switch (request.method, parts.first ?? "", parts.count) {
        case ("GET", "models", 1): return json(["models": store.list()])
        case ("POST", "models", 1):
            guard let model = try? PolicyModel.decode(Data(request.body.utf8)) else {
                return error(400, "invalid_model", "expected a model file as written by rl-balancer train")
            }
            do {
                let added = try store.add(model)
                rebuildPolicies()
                return json(["policy": added.policy, "version": "\(added.version)"], status: 201)
            } catch let e { return self.error(400, "invalid_model", "\(e)") }
        case ("PUT", "models", 3) where parts[2] == "current":
            guard let body = decode([String: Int].self, request.body), let v = body["version"] else {
                return error(400, "invalid_version", "expected {\"version\": n}")
            }
            do { try store.activate(policy: parts[1], version: v) } catch let e { return self.error(404, "not_found", "\(e)") }
            rebuildPolicies()
            return json(["policy": parts[1], "version": "\(v)"])
        case ("POST", "models", 3) where parts[2] == "rollback":
            do {
                let v = try store.rollback(policy: parts[1])
                rebuildPolicies()
                return json(["policy": parts[1], "version": "\(v)"])
            } catch let e { return self.error(409, "no_previous_version", "\(e)") }
        case ("GET", "ab", 1):
            guard let c = await comparison() else { return error(404, "not_found", "no A/B split is running") }
            return json(c)
        case ("PUT", "ab", 1):
            guard let body = decode(SplitRequest.self, request.body), let kind = PolicyKind(name: body.policy),
                  body.share.isFinite, (0...1).contains(body.share) else {
                return error(400, "invalid_split", "expected {\"policy\": name, \"share\": 0…1}")
            }
            store.split = .init(policy: kind, share: body.share)
            rebuildPolicies()
            return json(store.split)
        case ("DELETE", "ab", 1):
            store.split = nil
            rebuildPolicies()
            return Response(status: 204, body: "")
        case ("GET", "learning", 1): return json(await learningView())
        default: return error(404, "not_found", "no admin route \(request.method) /\(parts.joined(separator: "/"))")
        }
    }

    struct SplitRequest: Codable {
        var policy: String
        var share: Double
    }

    func rebuildPolicies() {
        let primary = server.policy()
        server.broadcast { $0.engine.setPolicy(ModelStore.shared.makePolicy(primary: primary)) }
    }

    func comparison() async -> PolicyComparison? { await server.policyComparison() }

    func learningView() async -> LearningView { await server.learningView() }
}

extension BalancerServer {
    func policyComparison() async -> PolicyComparison? {
        let parts = await gather { lc -> (String, String, Double, PolicyLatencyStats, PolicyLatencyStats)? in
            guard let s = lc.engine.policy as? SplitPolicy else { return nil }
            let snap = s.snapshot()
            return (s.a.name, s.b.name, s.share, snap.a, snap.b)
        }.compactMap { $0 }
        guard let first = parts.first else { return nil }
        var a = PolicyLatencyStats(), b = PolicyLatencyStats()
        for p in parts {
            a.merge(p.3)
            b.merge(p.4)
        }
        return PolicyComparison(policyA: first.0, policyB: first.1, share: first.2, a: a, b: b, histogramA: a.buckets, histogramB: b.buckets)
    }

    private func gauge(_ name: String, labels: [(String, String)] = []) -> Gauge {
        metrics.registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: "learning policies, see docs/rl-policies.md"), labels: labels)
    }

    /// Per-policy figures on /metrics: the split's latency histograms (cumulative, `le` in ms),
    /// p99s and the test's p-value; the guardrail's decisions and fallbacks.
    func refreshLearningGauges() async {
        if let c = await policyComparison() {
            for (policy, hist, p99) in [(c.policyA, c.histogramA, c.p99A), (c.policyB + "_b", c.histogramB, c.p99B)] {
                var cumulative = 0
                for (k, n) in hist.enumerated() {
                    cumulative += n
                    let le = k < PolicyLatencyStats.bounds.count ? String(format: "%g", PolicyLatencyStats.bounds[k]) : "+Inf"
                    gauge("balancer_policy_latency_ms_bucket", labels: [("policy", policy), ("le", le)]).set(Int64(cumulative))
                }
                gauge("balancer_policy_p99_ms", labels: [("policy", policy)]).set(p99)
            }
            gauge("balancer_ab_p_value").set(c.pValue)
        }
        for (name, g) in await learningView().policies {
            gauge("balancer_learning_decisions", labels: [("policy", name)]).set(Int64(g.decisions))
            gauge("balancer_learning_fallbacks", labels: [("policy", name)]).set(Int64(g.fallbacks))
            gauge("balancer_learning_trips", labels: [("policy", name)]).set(Int64(g.trips))
        }
    }
}

/// The learners' state for `/learning`, `/stats` and the dashboard.
public struct LearningView: Codable, Sendable {
    public var policies: [String: GuardedPolicy.GuardCounters]
    public var models: [ModelStore.Entry]
    public var split: ModelStore.Split?
}

extension BalancerServer {
    func learningView() async -> LearningView {
        let perLoop = await gather { lc -> [(String, GuardedPolicy.GuardCounters)] in
            var out: [(String, GuardedPolicy.GuardCounters)] = []
            var policies: [any RoutingPolicy] = [lc.engine.policy]
            if let s = lc.engine.policy as? SplitPolicy { policies = [s.a, s.b] }
            for case let g as GuardedPolicy in policies { out.append((g.name, g.counters)) }
            return out
        }
        var merged: [String: GuardedPolicy.GuardCounters] = [:]
        for (name, c) in perLoop.flatMap({ $0 }) {
            var m = merged[name] ?? .init()
            m.decisions += c.decisions
            m.learnerDecisions += c.learnerDecisions
            m.fallbacks += c.fallbacks
            m.trips += c.trips
            m.learnerP99Ms = max(m.learnerP99Ms, c.learnerP99Ms)
            m.controlP99Ms = max(m.controlP99Ms, c.controlP99Ms)
            merged[name] = m
        }
        return LearningView(policies: merged, models: ModelStore.shared.list(), split: ModelStore.shared.split)
    }
}
