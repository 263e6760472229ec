public final class LeastConnectionsPolicy: RoutingPolicy {
    public let name = PolicyKind.leastConnections.rawValue
    /// Rotating start breaks ties fairly instead of always favouring the first replica.
    private var start = 0
    public init() {}

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        start &+= 1
        let n = eligible.count
        let offset = Int(UInt(bitPattern: start) % UInt(n))
        var best = eligible[offset]
        var bestLoad = replicas[best].inflight
        for k in 1..<max(n, 1) {
            let i = eligible[(offset + k) % n]
            let load = replicas[i].inflight
            if load < bestLoad {
                best = i
                bestLoad = load
            }
        }
        return best
    }
}
