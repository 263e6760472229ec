import Balancer
import Foundation

/// Drives one routing policy through one scenario: the live `DecisionEngine` (eligibility,
/// breakers, ejection, retries) and the policy object itself, fed the same features and told of
/// each outcome only when the response would reach the balancer.
public struct Simulator {
    public let scenario: Scenario
    public let seed: UInt64

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
    }

    private struct Pending {
        var replica: Int32
        var attempt: Int8
        var done: Bool
        var status: Int16
        var arrival: Int64
        var sent: Int64
        var features: ReplicaFeatures
    }

    /// - Parameter progress: called with the share done, about a hundred times per run.
    public func run(policy: any RoutingPolicy, progress: ((Double) -> Void)? = nil) -> SimulationResult {
        let engine = DecisionEngine(limiter: LocalRateLimitStore(stripeCount: 1), reputation: ReputationBook(stripeCount: 1), policy: policy)
        engine.flags.limiter.enabled = false
        engine.flags.reputation.enabled = false
        engine.settings.admission.capacityPerReplica = 100_000
        engine.setUpstreams(scenario.replicas.indices.map { Upstream(host: "sim", port: 1 + $0) })
        var models = scenario.replicas.enumerated().map { ReplicaModel(spec: $1, index: $0, perturbations: scenario.perturbations, seed: seed) }
        var arrivals = ArrivalGenerator(scenario.arrivals, seed: seed)
        var heap = EventHeap()
        let n = scenario.requests
        var pending = [Pending](repeating: Pending(replica: -1, attempt: 0, done: true, status: 0, arrival: 0, sent: 0,
                                                   features: ReplicaFeatures(inflight: 0, latencyEstimateNanos: 0, errorRate: 0, breakerOpen: false)), count: n)
        var recorder = SimulationRecorder(requests: n)
        let network = Int64(scenario.networkMs * 1e6)
        let timeout = scenario.timeoutMs.map { Int64($0 * 1e6) }
        let refusal = network
        let maxAttempts = 3
        var nextArrival = arrivals.next()
        var issued = 0
        let step = max(1, n / 100)

        func context(_ id: Int, now: Int64, attempt: Int) -> RequestContext {
            var c = RequestContext(client: "sim", now: now)
            c.decisionId = UInt64(id) &* 4 &+ UInt64(attempt)
            c.attempt = attempt
            return c
        }

        /// Sends request `id` (attempt `attempt`) at `now`; refusals are retried at once elsewhere.
        func dispatch(_ id: Int, now: Int64, attempt: Int, tried: [Int]) {
            let ctx = context(id, now: now, attempt: attempt)
            var replica: Int
            if attempt == 1 {
                guard case .route(let r, _, _) = engine.decide(client: "sim", context: ctx) else {
                    pending[id].done = true
                    recorder.finish(latency: 0, outcome: .error)
                    return
                }
                replica = r
            } else {
                guard let r = engine.chooseForRetry(excluding: tried, context: ctx) else {
                    pending[id].done = true
                    recorder.finish(latency: now - pending[id].arrival, outcome: .error)
                    return
                }
                replica = r
            }
            let features = engine.started(replica: replica)
            recorder.routed(to: replica)
            switch models[replica].serve(arrival: now + network / 2) {
            case .refused:
                engine.eject(replica: replica, now: now)
                engine.finished(replica: replica, status: 0, latencyNanos: refusal, features: features, context: ctx, now: now + refusal)
                if attempt < maxAttempts {
                    dispatch(id, now: now + refusal, attempt: attempt + 1, tried: tried + [replica])
                } else {
                    pending[id].done = true
                    recorder.finish(latency: now + refusal - pending[id].arrival, outcome: .error)
                }
            case .answered(let at):
                pending[id] = Pending(replica: Int32(replica), attempt: Int8(attempt), done: false, status: 200, arrival: pending[id].arrival, sent: now, features: features)
                heap.push(time: at + network / 2, request: Int32(id), kind: .response)
            case .lost(let at):
                pending[id] = Pending(replica: Int32(replica), attempt: Int8(attempt), done: false, status: 0, arrival: pending[id].arrival, sent: now, features: features)
                heap.push(time: at + network / 2, request: Int32(id), kind: .response)
            }
        }

        while issued < n || !heap.isEmpty {
            if issued < n, heap.top.map({ nextArrival <= $0.time }) ?? true {
                let now = nextArrival
                pending[issued].arrival = now
                pending[issued].done = false
                if let timeout { heap.push(time: now + timeout, request: Int32(issued), kind: .timeout) }
                dispatch(issued, now: now, attempt: 1, tried: [])
                issued += 1
                if issued % step == 0 { progress?(Double(issued) / Double(n)) }
                nextArrival = arrivals.next()
                continue
            }
            guard let e = heap.pop() else { break }
            let id = Int(e.request)
            let p = pending[id]
            if p.done { continue }
            let ctx = context(id, now: p.sent, attempt: Int(p.attempt))
            switch e.kind {
            case .response:
                engine.finished(replica: Int(p.replica), status: Int(p.status), latencyNanos: e.time - p.sent, features: p.features, context: ctx, now: e.time)
                // A reset before any response byte: the live proxy retries an idempotent request
                // (every simulated request is a GET) elsewhere when the retry budget allows.
                if p.status == 0, Int(p.attempt) < maxAttempts, engine.retryBudget.tryWithdraw(now: e.time) {
                    recorder.retried += 1
                    dispatch(id, now: e.time, attempt: Int(p.attempt) + 1, tried: [Int(p.replica)])
                    recorder.clock = e.time
                    continue
                }
                pending[id].done = true
                recorder.finish(latency: e.time - p.arrival, outcome: p.status == 0 ? .error : .success)
            case .timeout:
                // The client is gone: the balancer counts a failure now; the replica keeps working.
                engine.finished(replica: Int(p.replica), status: 0, latencyNanos: e.time - p.sent, features: p.features, context: ctx, now: e.time)
                pending[id].done = true
                recorder.finish(latency: e.time - p.arrival, outcome: .timeout)
            }
            recorder.clock = e.time
        }
        progress?(1)
        return recorder.result(scenario: scenario.name, policy: policy.name, seed: seed)
    }
}
