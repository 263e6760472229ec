/// The request facts a policy may condition on.
public struct RequestContext: Sendable {
    public var method: String
    public var path: String
    public var client: String
    public var priority: PriorityClass
    public var now: Int64
    /// Unique per request on its event loop: a policy that keeps what it saw at `choose` (the
    /// whole candidate vector, its action probabilities) finds it again in `record` by this id.
    public var decisionId: UInt64 = 0
    /// 1 for the first try, 2+ for retries on another replica.
    public var attempt: Int = 1

    public init(method: String = "GET", path: String = "/", client: String = "", priority: PriorityClass = .standard, now: Int64) {
        self.method = method
        self.path = path
        self.client = client
        self.priority = priority
        self.now = now
    }
}

/// Reported to the policy for every finished request, successful or not.
public struct RoutingOutcome: Sendable {
    public var replica: Int
    public var latencyNanos: Int64
    /// HTTP status, or 0 when the request failed below HTTP (connect error, reset, timeout).
    public var status: Int
    public var features: ReplicaFeatures
    public var context: RequestContext

    public init(replica: Int, latencyNanos: Int64, status: Int, features: ReplicaFeatures, context: RequestContext) {
        self.replica = replica
        self.latencyNanos = latencyNanos
        self.status = status
        self.features = features
        self.context = context
    }

    public var isFailure: Bool { status == 0 || status >= 500 }
}

/// A routing policy. One instance per event loop, called only on that loop, so implementations
/// keep plain mutable state and need no locks.
///
/// - `choose` receives only healthy, circuit-closed, non-draining candidates (`eligible`, never
///   empty) with the request's context, and returns an index into `replicas`. Each replica's
///   current features are `replicas[i].features`. An answer outside `eligible` is not trusted:
///   the engine routes that request with P2C peak-EWMA instead, so a learning policy can never
///   send traffic to a replica the health checks or breakers took out.
/// - `record` is told every attempt's outcome, successes and failures alike: the replica, the
///   latency, the status (0 below HTTP), the features of that replica when the choice was made,
///   and the request context (with `decisionId` and `attempt`).
///
/// Learning policies (next issue) implement the same two calls and fall back to P2C when unsure.
public protocol RoutingPolicy: AnyObject {
    var name: String { get }
    func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int
    func record(_ outcome: RoutingOutcome)
}

extension RoutingPolicy {
    public func record(_ outcome: RoutingOutcome) {}
}

/// Names for the admin API and CLI. New policies register a factory here.
public enum PolicyKind: String, Sendable, CaseIterable, Codable {
    case roundRobin = "round_robin"
    case random
    case leastConnections = "least_connections"
    case p2cPeakEWMA = "p2c_peak_ewma"
    case prequal
    case linUCB = "linucb"
    case linearQ = "linear_q"
    case ppo

    public init?(name: String) {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "_")
        switch n {
        case "round_robin", "roundrobin", "rr": self = .roundRobin
        case "random": self = .random
        case "least_connections", "least_conn", "leastconn": self = .leastConnections
        case "p2c_peak_ewma", "p2c", "p2c_ewma", "peak_ewma": self = .p2cPeakEWMA
        case "prequal": self = .prequal
        case "linucb", "bandit", "lin_ucb": self = .linUCB
        case "linear_q", "q", "q_learning", "linearq": self = .linearQ
        case "ppo": self = .ppo
        default: return nil
        }
    }

    /// The live instance: a learning policy comes with the current model version of the
    /// `ModelStore` and inside its guardrail (`GuardedPolicy`).
    public func make() -> any RoutingPolicy {
        let seed = UInt64.random(in: 1...UInt64.max)
        let p = make(seed: seed)
        guard let learner = p as? any LearningPolicy else { return p }
        if let model = ModelStore.shared.current(for: rawValue) { try? learner.load(model) }
        return GuardedPolicy(learner: learner, seed: seed)
    }

    /// A seeded instance: the simulator gives every policy the same seed so runs repeat exactly.
    public func make(seed: UInt64) -> any RoutingPolicy {
        switch self {
        case .roundRobin: return RoundRobinPolicy()
        case .random: return RandomPolicy(seed: seed)
        case .leastConnections: return LeastConnectionsPolicy()
        case .p2cPeakEWMA: return P2CPeakEWMAPolicy(seed: seed)
        case .prequal: return PrequalPolicy(seed: seed)
        case .linUCB: return LinUCBPolicy(seed: seed)
        case .linearQ: return LinearQPolicy(seed: seed)
        case .ppo: return PPOPolicy(seed: seed)
        }
    }

    /// The policies that learn from outcomes (and read a model file).
    public var learns: Bool {
        switch self {
        case .linUCB, .linearQ, .ppo: return true
        default: return false
        }
    }
}

import Foundation
