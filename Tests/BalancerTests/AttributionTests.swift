import Foundation
import Testing
@testable import Balancer

/// Failure attribution: a slow or vanishing client is not the replica's fault. Waiting for a
/// client's body is not replica latency, and a client leaving is neither a success nor a failure
/// of the replica (docs/performance.md describes the accounting).
extension AllBalancerTests {
    @Suite(.serialized) struct AttributionTests {
        @Test func slowBodyUploadsNeitherOpenBreakersNorShedOtherUsers() async throws {
            // A response timeout well under the uploads' duration, and breakers that open after three failures.
            try await withBalancer(threads: 1, { $0.responseTimeout = .milliseconds(300); $0.breakerFailures = 3; $0.breakerOpen = .seconds(60) }) { f in
                let port = f.port
                // Twenty uploads trickle a 10-byte body over ~1 s; every other client vanishes mid-body.
                let uploads = (0..<20).map { i in
                    Task {
                        try await onThread { () -> Int? in
                            let c = try RawHTTP(port: port)
                            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
                            for _ in 0..<9 {
                                usleep(110_000)
                                c.send("a")
                            }
                            if i % 2 == 1 {
                                c.vanish()
                                return nil
                            }
                            c.send("a")
                            return c.readResponse()?.status
                        }
                    }
                }
                // Other users' requests for as long as the uploads are in flight.
                var others: [Int] = []
                var sawUploads = false
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline {
                    others.append(try RawHTTP.get(port, "/")?.status ?? 0)
                    let inflight = await f.server.gather { $0.engine.totalInflight }.reduce(0, +)
                    if inflight > 0 {
                        sawUploads = true
                    } else if sawUploads {
                        break
                    }
                }
                #expect(sawUploads)
                var completed: [Int?] = []
                for u in uploads { completed.append(try await u.value) }
                #expect(completed.compactMap { $0 } == Array(repeating: 200, count: 10))
                #expect(others.allSatisfy { $0 == 200 }, "other users got \(Set(others))")
                for view in await f.server.upstreamViews() {
                    #expect(view.breaker == "closed")
                    #expect(view.failures == 0)
                    #expect(view.inflight == 0)
                }
                // Another user still gets through afterwards.
                #expect(try RawHTTP.get(port, "/")?.status == 200)
            }
        }

        @Test func aClientLeavingDuringTheHalfOpenProbeDoesNotCloseTheBreaker() async throws {
            try await withBalancer(replicas: 1, threads: 1, { $0.breakerFailures = 2; $0.breakerOpen = .milliseconds(200); $0.maxRetries = 0 }) { f in
                let name = "127.0.0.1:\(f.replicas[0].port)"
                f.replicas[0].setBehaviour { $0.status = 502 }
                for _ in 0..<2 { _ = try RawHTTP.get(f.port, "/") }
                #expect(await f.server.upstreamViews().first { $0.name == name }?.breaker == "open")
                f.replicas[0].setBehaviour { $0.status = 200; $0.delay = .milliseconds(400) }
                try await waitUntil("the cool-down over") { await f.server.upstreamViews().first { $0.name == name }?.eligible == true }
                // The probe's client leaves before the replica answers: no evidence either way.
                let c = try RawHTTP(port: f.port)
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                try await waitUntil("the probe in flight") { await f.server.upstreamViews().first { $0.name == name }?.inflight == 1 }
                c.vanish()
                try await waitUntil("the probe abandoned") { await f.server.upstreamViews().first { $0.name == name }?.inflight == 0 }
                #expect(await f.server.upstreamViews().first { $0.name == name }?.breaker == "half_open")
                // The probe was handed back: the next request probes, and its answer closes the breaker.
                #expect(try RawHTTP.get(f.port, "/")?.status == 200)
                #expect(await f.server.upstreamViews().first { $0.name == name }?.breaker == "closed")
            }
        }

        @Test func aStalledBodyGets408AndTheReplicaIsNotBlamed() async throws {
            try await withBalancer(replicas: 1, threads: 1, { $0.bodyTimeout = .milliseconds(300); $0.breakerFailures = 1 }) { f in
                let c = try RawHTTP(port: f.port)
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
                let r = try #require(c.readResponse())
                #expect(r.status == 408)
                #expect(r.body.contains("request_timeout"))
                let view = try #require(await f.server.upstreamViews().first)
                #expect(view.breaker == "closed" && view.failures == 0 && view.inflight == 0)
                #expect(try RawHTTP.get(f.port, "/")?.status == 200)
            }
        }
    }
}
