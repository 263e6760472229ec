import Balancer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One client sending at a fixed rate, its requests spread evenly (round robin) over several
/// balancers, one keep-alive connection to each: what the shared limiter must hold to one limit.
public struct SpreadClient: Sendable {
    public struct Outcome: Sendable {
        public var accepted: Int
        public var sent: Int
        public var seconds: Double
        /// The send time of every request, to replay an exact limiter on the same arrivals.
        public var stamps: [Int64]
        public var acceptedPerPort: [Int]

        /// What one exact GCRA accepts from exactly these arrivals: on a loaded machine the sending
        /// thread is sometimes descheduled for longer than the burst covers, and the capacity of
        /// those gaps is lost to the client, not to the limiter.
        public func exactAccepted(_ limit: GCRALimit) -> Int {
            var tat: Int64 = 0, n = 0
            for t in stamps where GCRA.decide(tat: &tat, now: t, limit: limit).isAllowed { n += 1 }
            return n
        }
    }

    public var ports: [Int]
    public var requestsPerSecond: Double
    public var seconds: Double
    public var headers: String

    public init(ports: [Int], requestsPerSecond: Double, seconds: Double, headers: String = "") {
        self.ports = ports
        self.requestsPerSecond = requestsPerSecond
        self.seconds = seconds
        self.headers = headers
    }

    /// Runs on a thread of its own (blocking sockets, paced sends).
    public func run() async -> Outcome {
        let me = self
        return await onThread {
            let clients = me.ports.map { BlockingClient(port: $0) }
            var perPort = Array(repeating: 0, count: me.ports.count)
            var stamps: [Int64] = []
            var sent = 0
            let start = Date()
            while true {
                let due = start.addingTimeInterval(Double(sent) / me.requestsPerSecond)
                if due.timeIntervalSince(start) >= me.seconds { break }
                let wait = due.timeIntervalSinceNow
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
                stamps.append(monotonicNanos())
                let i = sent % clients.count
                if clients[i].get("/", headers: me.headers) == 200 { perPort[i] += 1 }
                sent += 1
            }
            return Outcome(accepted: perPort.reduce(0, +), sent: sent, seconds: Date().timeIntervalSince(start), stamps: stamps, acceptedPerPort: perPort)
        }
    }
}
