public final class RoundRobinPolicy: RoutingPolicy {
    public let name = PolicyKind.roundRobin.rawValue
    private var next = 0
    public init() {}

    public func choose(replicas: [ReplicaState], eligible: [Int], context: RequestContext) -> Int {
        next &+= 1
        return eligible[Int(UInt(bitPattern: next) % UInt(eligible.count))]
    }
}
