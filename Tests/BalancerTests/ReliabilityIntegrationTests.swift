import Foundation
import NIOCore
import Testing
@testable import Balancer

/// Data-path behaviours that need a real listener and real replicas: upgrades, retries, breakers,
/// size limits, affinity by header, upstream file reload.
extension AllBalancerTests {
    @Suite(.serialized) struct ReliabilityIntegrationTests {
        @Test func webSocketUpgradeIsGluedBothWays() async throws {
            try await withBalancer { f in
                let frame: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
                let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                let port = f.port
                // Assertions stay on the test's task; the thread only moves bytes.
                let (response, smallEcho, bigEcho) = try await onThread { () -> (RawHTTP.Response?, [UInt8], [UInt8]) in
                    let c = try RawHTTP(port: port)
                    c.send("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    let r = c.readResponse()
                    guard r?.status == 101 else { return (r, [], []) }
                    // A masked text frame "Hello" (RFC 6455 §5.7), then a large binary run: the
                    // replica echoes bytes, so both directions of the tunnel are exercised.
                    c.send(frame)
                    let small = c.readBytes(count: frame.count)
                    c.send(big)
                    return (r, small, c.readBytes(count: big.count))
                }
                let r = try #require(response)
                #expect(r.status == 101)
                // The accept value of RFC 6455's own example: the replica saw the client's key.
                #expect(r.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                #expect(r.header("upgrade")?.lowercased() == "websocket")
                #expect(f.replicas.map { "127.0.0.1:\($0.port)" }.contains(r.header("x-upstream") ?? ""))
                #expect(smallEcho == frame)
                #expect(bigEcho == big)
                // The proxy keeps serving plain HTTP next to the tunnel.
                #expect(try RawHTTP.get(f.port, "/")?.status == 200)
            }
        }

        @Test func idempotentRequestsAreRetriedOnAnotherReplicaButPOSTsAreNot() async throws {
            // One loop and a high breaker threshold: round robin then sends every other request to
            // the failing replica, deterministically.
            // Every request here needs a retry: more than the default budget (20 % + 10/s) allows.
            try await withBalancer(threads: 1, { $0.breakerFailures = 1000; $0.retryBudget = RetryBudget(ratio: 1, minPerSecond: 100) }) { f in
                f.replicas[0].setBehaviour { $0.dropRequests = true }
                let good = "127.0.0.1:\(f.replicas[1].port)"
                for _ in 0..<10 {
                    let r = try #require(try RawHTTP.get(f.port, "/"))
                    #expect(r.status == 200)
                    #expect(r.header("x-upstream") == good)
                }
                var posts: [Int] = []
                for _ in 0..<6 { posts.append(try RawHTTP.request(f.port, method: "POST", path: "/", body: "x")?.status ?? -1) }
                // A POST that reached the failing replica may have had effects there: not replayed.
                #expect(posts.filter { $0 == 502 }.count == 3)
                #expect(posts.filter { $0 == 200 }.count == 3)
                for i in 0..<6 {
                    let r = try RawHTTP.request(f.port, method: "POST", path: "/", body: "x", headers: ["Idempotency-Key": "k-\(i)"])
                    #expect(r?.status == 200)
                    #expect(r?.header("x-upstream") == good)
                }
            }
        }

        @Test func breakerOpensOnRepeatedFailuresAndTrafficMoves() async throws {
            try await withBalancer(threads: 1, { $0.breakerFailures = 3; $0.breakerOpen = .seconds(60) }) { f in
                f.replicas[0].setBehaviour { $0.status = 503 }
                let bad = "127.0.0.1:\(f.replicas[0].port)"
                var served: [String] = []
                for _ in 0..<20 { served.append(try RawHTTP.get(f.port, "/")?.header("x-upstream") ?? "") }
                #expect(served.filter { $0 == bad }.count == 3)
                #expect(served.suffix(14).allSatisfy { $0 != bad && !$0.isEmpty })
                let views = await f.server.upstreamViews()
                #expect(views.first { $0.name == bad }?.breaker == "open")
                #expect(views.first { $0.name == bad }?.eligible == false)
            }
        }

        @Test func breakerHalfOpensAndClosesWhenTheReplicaRecovers() async throws {
            try await withBalancer(threads: 1, { $0.breakerFailures = 2; $0.breakerOpen = .milliseconds(300) }) { f in
                f.replicas[0].setBehaviour { $0.status = 502 }
                for _ in 0..<6 { _ = try RawHTTP.get(f.port, "/") }
                let bad = "127.0.0.1:\(f.replicas[0].port)"
                #expect(await f.server.upstreamViews().first { $0.name == bad }?.breaker == "open")
                f.replicas[0].setBehaviour { $0.status = 200 }
                try await waitUntil("the cool-down over") { await f.server.upstreamViews().first { $0.name == bad }?.eligible == true }
                var served = Set<String>()
                for _ in 0..<6 { served.insert(try RawHTTP.get(f.port, "/")?.header("x-upstream") ?? "") }
                #expect(served.contains(bad))
                #expect(await f.server.upstreamViews().first { $0.name == bad }?.breaker == "closed")
            }
        }

        @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
            try await withBalancer { f in
                let c = try RawHTTP(port: f.port)
                // One write, three requests; the first is slow, so the others wait in the queue.
                c.send("GET /slow?ms=150 HTTP/1.1\r\nHost: x\r\nX-Request-Id: one\r\n\r\n"
                    + "POST /status/201 HTTP/1.1\r\nHost: x\r\nX-Request-Id: two\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /echo HTTP/1.1\r\nHost: x\r\nX-Request-Id: three\r\n\r\n")
                let first = c.readResponse(), second = c.readResponse(), third = c.readResponse()
                #expect(first?.status == 200 && first?.header("x-request-id") == "one")
                #expect(second?.status == 201 && second?.header("x-request-id") == "two")
                #expect(third?.status == 200 && third?.header("x-request-id") == "three")
                #expect(third?.body.contains(#""x-request-id":"three""#) == true)
            }
        }

        @Test func requestSizeIsBounded() async throws {
            try await withBalancer({ $0.maxBodyBytes = 1000 }) { f in
                let big = try #require(try RawHTTP.request(f.port, method: "POST", path: "/echo", body: String(repeating: "z", count: 5000)))
                #expect(big.status == 413)
                #expect(big.body.contains("payload_too_large"))
                // Chunked, so the size is only known while streaming.
                let c = try RawHTTP(port: f.port)
                var req = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                for _ in 0..<10 { req += "200\r\n" + String(repeating: "q", count: 512) + "\r\n" }
                c.send(req + "0\r\n\r\n")
                let r = c.readResponse()
                #expect(r == nil || r?.status == 413)
                let ok = try #require(try RawHTTP.request(f.port, method: "POST", path: "/echo", body: String(repeating: "z", count: 900)))
                #expect(ok.status == 200)
            }
        }

        @Test func deadReplicaWithoutRetriesGives502() async throws {
            try await withBalancer(replicas: 1, threads: 1, { $0.maxRetries = 0 }) { f in
                await f.replicas[0].stop()
                let r = try #require(try RawHTTP.get(f.port, "/"))
                #expect(r.status == 502)
                #expect(r.body.contains(#"{"error":{"code":"bad_gateway""#))
                #expect(r.header("content-type") == "application/json")
            }
        }

        @Test func headerAffinityKeepsEachSessionOnOneReplica() async throws {
            try await withBalancer({ $0.affinity.mode = .header }) { f in
                var homes = Set<String>()
                for session in 0..<8 {
                    var seen = Set<String>()
                    for _ in 0..<4 {
                        seen.insert(try RawHTTP.get(f.port, "/", headers: ["X-Session-Id": "session-\(session)"])?.header("x-upstream") ?? "")
                    }
                    #expect(seen.count == 1)
                    homes.formUnion(seen)
                }
                #expect(homes.count == 2)
            }
        }

        @Test func upstreamFileIsReloadedWhenItChanges() async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rlb-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("upstreams.txt")
            try await withBalancer({ $0.upstreamFile = file.path }) { f in
                let a = "127.0.0.1:\(f.replicas[0].port)", b = "127.0.0.1:\(f.replicas[1].port)"
                try "# replicas\n\(a)\n".write(to: file, atomically: true, encoding: .utf8)
                f.server.reloadUpstreamFile(file.path)
                try await waitUntil("the new list on every loop") { await f.server.gather { $0.engine.replicas.map(\.name) }.allSatisfy { $0 == [a] } }
                for _ in 0..<4 { #expect(try RawHTTP.get(f.port, "/")?.header("x-upstream") == a) }
                try "\(b)\n".write(to: file, atomically: true, encoding: .utf8)
                // The file is polled once a second.
                var moved = false
                for _ in 0..<30 where !moved {
                    try await Task.sleep(nanoseconds: 100_000_000)
                    moved = try RawHTTP.get(f.port, "/")?.header("x-upstream") == b
                }
                #expect(moved)
                for _ in 0..<4 { #expect(try RawHTTP.get(f.port, "/")?.header("x-upstream") == b) }
                #expect(f.server.currentUpstreams().map(\.name) == [b])
            }
        }
    }
}
