import NIOCore

/// Replica health: active checks (`HealthProbe`) and passive ejection, applied on every loop.
extension BalancerServer {
    /// Passive ejection seen by one loop, applied on all: the breaker opens everywhere at once.
    func ejectEverywhere(_ upstream: Upstream) {
        let now = monotonicNanos()
        metrics.ejections.increment()
        logger.warning("replica ejected: connection refused", metadata: ["replica": "\(upstream.name)"])
        broadcast { lc in
            if let i = lc.engine.replicaIndex(of: upstream), lc.engine.replicas[i].breaker.state == .closed {
                lc.engine.eject(replica: i, now: now)
            }
        }
    }

    func runHealthChecks(on loop: any EventLoop) -> EventLoopFuture<Void> {
        guard !isStopped else { return loop.makeSucceededVoidFuture() }
        let upstreams = currentUpstreams()
        let futures = upstreams.map { u in
            HealthProbe.check(u, path: config.healthPath, timeout: config.healthTimeout, on: loop).map { (u, $0) }
        }
        return EventLoopFuture.whenAllSucceed(futures, on: loop).map { [self] results in
            for (u, ok) in results { applyHealth(u, ok: ok) }
        }
    }

    func applyHealth(_ u: Upstream, ok: Bool) {
        let now = monotonicNanos()
        let transition: Bool? = shared.withLockedValue { s in
            var h = s.health[u] ?? (true, 0, 0)
            defer { s.health[u] = h }
            if ok {
                h.failures = 0
                if !h.healthy {
                    h.healthy = true
                    h.changedAt = now
                    return true
                }
            } else {
                h.failures += 1
                if h.healthy && h.failures >= 2 {
                    h.healthy = false
                    h.changedAt = now
                    return false
                }
            }
            return nil
        }
        guard let healthy = transition else { return }
        logger.warning(healthy ? "replica readmitted" : "replica ejected by health check", metadata: ["replica": "\(u.name)"])
        broadcast { $0.engine.setHealth(healthy, upstream: u) }
    }
}
