/// One event loop's request metrics, kept in plain integers on the request path and published to
/// the shared Prometheus objects once per sweep (100 ms, `LoopContext.startSweeping`): a proxied
/// request touches no atomic and no lock for its metrics. A scrape may lag by one sweep.
struct LoopMetrics {
    var allowed = 0
    var limited = 0
    var overloaded = 0
    var noReplica = 0
    var retries = 0
    var upgrades = 0
    /// Indexed by replica index; rebuilt when the replica set changes.
    private var replicas: [ReplicaTally?] = []

    private struct ReplicaTally {
        let name: String
        /// error, 1xx … 5xx.
        var classes = [Int](repeating: 0, count: 6)
        var latency: LatencyTally
    }

    mutating func count(replica: Int, name: String, status: Int, latencyNanos: Int64, buckets: [Double]) {
        if replica >= replicas.count { replicas.append(contentsOf: repeatElement(nil, count: replica + 1 - replicas.count)) }
        if replicas[replica] == nil { replicas[replica] = ReplicaTally(name: name, latency: LatencyTally(bucketCount: buckets.count)) }
        let cls = status == 0 ? 0 : min(status / 100, 5)
        replicas[replica]!.classes[cls] += 1
        // An abandoned attempt (499) or a failure (0) has no latency of the replica's to report.
        if status != 0 && status != 499 {
            replicas[replica]!.latency.record(Double(latencyNanos) / 1e9, buckets: buckets)
        }
    }

    /// Adds what was counted since the last call to the shared metrics, and starts over.
    mutating func publish(to metrics: BalancerMetrics) {
        if allowed > 0 { metrics.limiterAllowed.increment(by: Int64(allowed)) }
        if limited > 0 { metrics.limiterLimited.increment(by: Int64(limited)) }
        if overloaded > 0 { metrics.overloaded.increment(by: Int64(overloaded)) }
        if noReplica > 0 { metrics.noReplica.increment(by: Int64(noReplica)) }
        if retries > 0 { metrics.retries.increment(by: Int64(retries)) }
        if upgrades > 0 { metrics.upgrades.increment(by: Int64(upgrades)) }
        (allowed, limited, overloaded, noReplica, retries, upgrades) = (0, 0, 0, 0, 0, 0)
        for i in replicas.indices {
            guard let tally = replicas[i], tally.classes.contains(where: { $0 > 0 }) else { continue }
            for (cls, n) in tally.classes.enumerated() where n > 0 {
                metrics.requests(replica: tally.name, statusClass: BalancerMetrics.statusClasses[cls]).increment(by: Int64(n))
            }
            if tally.latency.count > 0 { metrics.latency.merge(replica: tally.name, tally.latency) }
            replicas[i] = ReplicaTally(name: tally.name, latency: LatencyTally(bucketCount: tally.latency.counts.count))
        }
    }

    /// Forgets the replicas (their indices change with the replica set); publish first.
    mutating func resetReplicas() { replicas = [] }
}

/// Histogram increments in the Prometheus layout: per bucket, the observations at or under its bound.
struct LatencyTally: Sendable {
    var counts: [Int]
    var sum = 0.0
    var count = 0

    init(bucketCount: Int) { counts = [Int](repeating: 0, count: bucketCount) }

    mutating func record(_ seconds: Double, buckets: [Double]) {
        for i in buckets.indices where seconds <= buckets[i] { counts[i] += 1 }
        sum += seconds
        count += 1
    }

    mutating func add(_ other: LatencyTally) {
        for i in counts.indices where i < other.counts.count { counts[i] += other.counts[i] }
        sum += other.sum
        count += other.count
    }
}
