import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Balancer
import BalancerTestSupport

/// The real Balancer server over real sockets, in front of real (stub) HTTP replicas.
struct Fixture {
    let server: BalancerServer
    let replicas: [StubReplicaServer]
    var port: Int { server.listenPort! }
    /// The admin listener with its token: `RawHTTP.get(f.admin, …)` authenticates (AdminHTTP.swift).
    var admin: AdminEndpoint { AdminEndpoint(port: server.adminPort!, token: server.adminToken) }
}

func withBalancer(replicas count: Int = 2, threads: Int = 2, store: (any ReputationStore)? = nil,
                  _ configure: (inout BalancerConfiguration) -> Void = { _ in },
                  _ body: (Fixture) async throws -> Void) async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    var stubs: [StubReplicaServer] = []
    for i in 0..<count {
        let s = StubReplicaServer(name: "r\(i)", group: group)
        try await s.start()
        stubs.append(s)
    }
    var config = BalancerConfiguration()
    config.listenPort = 0
    config.adminPort = 0
    config.threads = threads
    config.upstreams = stubs.map { Upstream(host: "127.0.0.1", port: $0.port) }
    config.policy = .roundRobin
    config.limit = GCRALimit(ratePerSecond: 10_000, burst: 10_000)
    configure(&config)
    let server = try BalancerServer(config: config, group: group, store: store)
    try await server.start()
    do {
        try await body(Fixture(server: server, replicas: stubs))
    } catch {
        await server.drain()
        for s in stubs { await s.stop() }
        try? await group.shutdownGracefully()
        throw error
    }
    await server.drain()
    for s in stubs { await s.stop() }
    try? await group.shutdownGracefully()
}

extension AllBalancerTests {
    @Suite(.serialized) struct ProxyIntegrationTests {
        @Test func proxiesWithForwardingHeadersAndUpstreamName() async throws {
            try await withBalancer { f in
                let r = try #require(try RawHTTP.get(f.port, "/echo", headers: ["X-Request-Id": "abc-123"]))
                #expect(r.status == 200)
                let echo = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: String] ?? [:]
                #expect(echo["x-forwarded-for"] == "127.0.0.1")
                #expect(echo["x-forwarded-proto"] == "http")
                #expect(echo["x-forwarded-host"] == "test.local")
                #expect(echo["x-request-id"] == "abc-123")
                #expect(r.header("x-request-id") == "abc-123")
                #expect(f.replicas.map { "127.0.0.1:\($0.port)" }.contains(r.header("x-upstream") ?? ""))
                let generated = try #require(try RawHTTP.get(f.port, "/"))
                #expect((generated.header("x-request-id") ?? "").count > 4)
            }
        }

        @Test func keepAliveConnectionCarriesManyRequestsAcrossReplicas() async throws {
            try await withBalancer { f in
                let c = try RawHTTP(port: f.port)
                var upstreams = Set<String>()
                for _ in 0..<20 {
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    let r = try #require(c.readResponse())
                    #expect(r.status == 200)
                    upstreams.insert(r.header("x-upstream") ?? "")
                }
                #expect(upstreams.count == 2)
            }
        }

        @Test func postBodyIsStreamedThrough() async throws {
            try await withBalancer { f in
                let payload = String(repeating: "a", count: 300_000)
                let r = try #require(try RawHTTP.request(f.port, method: "POST", path: "/echo", body: payload))
                let echo = try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: String] ?? [:]
                #expect(echo[":body"]?.count == payload.count)
            }
        }

        @Test func killedReplicaFailsNoGETIsEjectedWithinASecondAndReadmittedWithinTwo() async throws {
            try await withBalancer({ $0.policy = .p2cPeakEWMA }) { f in
                let victim = f.replicas[0]
                let name = "127.0.0.1:\(victim.port)"
                for _ in 0..<10 { _ = try RawHTTP.get(f.port, "/") }
                await victim.stop()
                let killedAt = Date()
                var statuses: [Int] = []
                var ejectedAfter: TimeInterval?
                while Date().timeIntervalSince(killedAt) < 1.5 {
                    statuses.append(try RawHTTP.get(f.port, "/")?.status ?? 0)
                    if ejectedAfter == nil, await f.server.upstreamViews().first(where: { $0.name == name })?.eligible == false {
                        ejectedAfter = Date().timeIntervalSince(killedAt)
                    }
                }
                #expect(statuses.allSatisfy { $0 == 200 })
                #expect(statuses.count > 20)
                #expect((ejectedAfter ?? 99) <= 1)
                try await victim.start()
                let backAt = Date()
                var readmittedAfter: TimeInterval?
                while readmittedAfter == nil && Date().timeIntervalSince(backAt) < 3 {
                    if await f.server.upstreamViews().first(where: { $0.name == name })?.eligible == true {
                        readmittedAfter = Date().timeIntervalSince(backAt)
                    }
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                #expect((readmittedAfter ?? 99) <= 2)
                // Routable again (P2C would rightly keep preferring the warm replica at this load).
                f.server.setPolicy(.roundRobin)
                try await waitUntil("round robin on every loop") { await f.server.gather { $0.engine.policy is RoundRobinPolicy }.allSatisfy { $0 } }
                var served = Set<String>()
                for _ in 0..<20 { served.insert(try RawHTTP.get(f.port, "/")?.header("x-upstream") ?? "") }
                #expect(served.contains(name))
            }
        }

        @Test func limiterAnswers429WithRetryAfterAndJSON() async throws {
            try await withBalancer({ $0.limit = GCRALimit(ratePerSecond: 1, burst: 3) }) { f in
                var statuses: [Int] = []
                var limited: RawHTTP.Response?
                for _ in 0..<6 {
                    let r = try #require(try RawHTTP.get(f.port, "/"))
                    statuses.append(r.status)
                    if r.status == 429 { limited = r }
                }
                #expect(statuses.filter { $0 == 200 }.count == 3)
                let l = try #require(limited)
                #expect(Int(l.header("retry-after") ?? "") ?? 0 >= 1)
                #expect(l.body.contains(#""code":"rate_limited""#))
                // Three rejections within a second cost reputation once (see ReputationBook.record).
                let rep = try #require(try RawHTTP.get(f.admin, "/reputation/ip:127.0.0.1"))
                #expect(rep.body.contains("\"violations\":1"))
                #expect(rep.body.contains("\"score\":49"))
            }
        }

        @Test func noHealthyReplicaGives503AndDeadReplicaGives502() async throws {
            try await withBalancer(replicas: 1, { $0.maxRetries = 0 }) { f in
                await f.replicas[0].stop()
                let first = try #require(try RawHTTP.get(f.port, "/"))
                #expect([502, 503].contains(first.status))
                #expect(first.body.contains(#""error":{"code":"#))
                let second = try #require(try RawHTTP.get(f.port, "/"))
                #expect(second.status == 503)
                #expect(second.body.contains("no_upstream"))
            }
        }

        @Test func slowReplicaTimesOutWith504() async throws {
            try await withBalancer(replicas: 1, { $0.responseTimeout = .milliseconds(200); $0.maxRetries = 0 }) { f in
                let r = try #require(try RawHTTP.get(f.port, "/slow?ms=2000"))
                #expect(r.status == 504)
                #expect(r.body.contains("upstream_timeout"))
            }
        }

        @Test func garbageHugeHeadersAndSlowlorisNeverCrashIt() async throws {
            try await withBalancer({ $0.headerTimeout = .milliseconds(300) }) { f in
                let garbage = try RawHTTP(port: f.port)
                garbage.send((0..<4096).map { _ in UInt8.random(in: 0...255) })
                #expect(garbage.isClosedByPeer())

                let huge = try RawHTTP(port: f.port)
                huge.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 100_000))\r\n\r\n")
                let hr = huge.readResponse()
                #expect(hr == nil || (hr!.status >= 400 && hr!.status < 500))

                let slow = try RawHTTP(port: f.port, timeoutSeconds: 3)
                slow.send("GET / HTTP/1.1\r\nHost: x\r\n")
                let start = Date()
                #expect(slow.isClosedByPeer())
                #expect(Date().timeIntervalSince(start) < 2)

                let ok = try #require(try RawHTTP.get(f.port, "/"))
                #expect(ok.status == 200)
            }
        }

        @Test func adminAPISwitchesPolicyVIPsAndFlags() async throws {
            try await withBalancer { f in
                let put = try #require(try RawHTTP.request(f.admin, method: "PUT", path: "/policy", body: #"{"policy":"least_connections"}"#))
                #expect(put.status == 200)
                #expect(try RawHTTP.get(f.admin, "/policy")?.body.contains("least_connections") == true)
                let bad = try #require(try RawHTTP.request(f.admin, method: "PUT", path: "/policy", body: #"{"policy":"nope"}"#))
                #expect(bad.status == 400 && bad.body.contains("invalid_policy"))
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/vip/user:7", body: #"{"tier":"vip","multiplier":2}"#)?.status == 200)
                #expect(try RawHTTP.get(f.admin, "/vip/user:7")?.body.contains("\"multiplier\":2") == true)
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/vip/user:7")?.status == 204)
                #expect(try RawHTTP.get(f.admin, "/vip/user:7")?.status == 404)
                let flags = #"{"limiter":{"enabled":true,"rolloutPercent":50},"reputation":{"enabled":true,"rolloutPercent":100},"anomalyDetection":{"enabled":false,"rolloutPercent":0},"affinity":{"enabled":true,"rolloutPercent":100}}"#
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/flags", body: flags)?.status == 200)
                #expect(try RawHTTP.get(f.admin, "/flags")?.body.contains("\"rolloutPercent\":50") == true)
                _ = try RawHTTP.get(f.port, "/")
                let metrics = try #require(try RawHTTP.get(f.admin, "/metrics"))
                #expect(metrics.body.contains("balancer_upstream_requests_total"))
                #expect(metrics.body.contains("balancer_breaker_state"))
                #expect(try RawHTTP.get(f.admin, "/stats")?.body.contains("\"replicas\"") == true)
                #expect(try RawHTTP.get(f.admin, "/upstreams")?.status == 200)
                #expect(try RawHTTP.get(f.admin, "/anomalies")?.status == 200)
                #expect(try RawHTTP.get(f.admin, "/dashboard")?.body.contains("<html>") == true)
            // The dashboard's live feed: a WebSocket pushing /stats as text frames.
            let ws = try RawHTTP(port: f.admin.port)
            ws.send("GET /dashboard/ws?token=\(f.admin.token) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            let hello = try #require(ws.readResponse())
            #expect(hello.status == 101)
            #expect(hello.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
            let header = ws.readBytes(count: 2)
            #expect(header.first == 0x81)
            var length = Int(header.last ?? 0)
            if length == 126 { length = ws.readBytes(count: 2).reduce(0) { $0 << 8 | Int($1) } }
            let frame = String(decoding: ws.readBytes(count: length), as: UTF8.self)
            #expect(frame.contains(#""policy":"least_connections""#))
            #expect(frame.contains(#""replicas""#))
                // The admin API is never on the public listener: that path goes to a replica.
                #expect(try RawHTTP.get(f.port, "/stats")?.header("x-upstream") != nil)
            }
        }

        @Test func cookieAffinityPinsAndReassignsWhenTheReplicaLeaves() async throws {
            try await withBalancer({ $0.affinity.mode = .cookie }) { f in
                let first = try #require(try RawHTTP.get(f.port, "/"))
                let cookie = try #require(first.header("set-cookie")).split(separator: ";")[0]
                let pinned = first.header("x-upstream")
                for _ in 0..<5 {
                    #expect(try RawHTTP.get(f.port, "/", headers: ["Cookie": String(cookie)])?.header("x-upstream") == pinned)
                }
                let victim = try #require(f.replicas.first { "127.0.0.1:\($0.port)" == pinned })
                await victim.stop()
                let moved = try #require(try RawHTTP.get(f.port, "/", headers: ["Cookie": String(cookie)]))
                #expect(moved.status == 200 && moved.header("x-upstream") != pinned)
                #expect(moved.header("set-cookie") != nil)
            }
        }

        @Test func drainFinishesInFlightRequests() async throws {
            try await withBalancer(replicas: 1) { f in
                let port = f.port
                let slow = Task.detached { try RawHTTP.get(port, "/slow?ms=500") }
                try await waitUntil("the slow request in flight") { await f.server.gather { $0.engine.totalInflight }.reduce(0, +) == 1 }
                await f.server.drain()
                let r = try await slow.value
                #expect(r?.status == 200)
                #expect((try? RawHTTP(port: port)) == nil)
            }
        }
    }
}
