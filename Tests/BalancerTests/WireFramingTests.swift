import Foundation
import Testing
@testable import Balancer

/// The proxy writes HTTP/1 itself (`HTTPWire`), with no NIO encoder: message framing in both
/// directions, bodiless responses and parser errors must come out as the encoders wrote them.
extension AllBalancerTests {
    @Suite(.serialized) struct WireFramingTests {
        @Test func aChunkedRequestBodyReachesTheReplicaWholeAndTheConnectionStaysUsable() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 200)
                #expect(r.body.contains(#"":body":"hello world""#), "\(r.body)")
                #expect(r.body.contains(#""transfer-encoding":"chunked""#))
                c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
                let next = try #require(c.readResponse())
                #expect(next.status == 200 && next.body.contains(#"":method":"GET""#))
            }
        }

        @Test func aPostWithoutLengthGoesOnChunkedAndEmpty() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("POST /echo HTTP/1.1\r\nHost: x\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 200)
                #expect(r.body.contains(#"":body":"""#), "\(r.body)")
                #expect(r.body.contains(#""transfer-encoding":"chunked""#))
                // The replica connection went back to the pool in step: the next request works.
                c.send("GET /echo?again HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try #require(c.readResponse()).body.contains("echo?again"))
            }
        }

        @Test func aChunkedResponseIsChunkedToTheClientWithTheProxysHeaders() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("GET /chunked HTTP/1.1\r\nHost: x\r\nX-Request-Id: wire-1\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 200)
                #expect(r.header("transfer-encoding") == "chunked")
                #expect(r.body == "part one, part two")
                #expect(r.header("x-request-id") == "wire-1")
                #expect(r.header("x-upstream") != nil)
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try #require(c.readResponse()).body.hasPrefix("hello from"))
            }
        }

        @Test func aResponseToHeadCarriesNoBody() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
                let head = try #require(c.readHead())
                #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(head.lowercased().contains("content-length: "))
                // Any body bytes after the HEAD response would be read as the next status line.
                let next = try #require(c.readResponse())
                #expect(next.status == 200 && next.body.hasPrefix("hello from"))
            }
        }

        @Test func aRequestThatDoesNotParseGets400AndTheConnectionCloses() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 400)
                #expect(r.header("connection") == "close")
                #expect(c.isClosedByPeer())
            }
        }

        @Test func anHTTP10ClientGetsAnHTTP10AnswerAndAClose() async throws {
            try await withBalancer(replicas: 1, threads: 1) { f in
                let c = try RawHTTP(port: f.port)
                c.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n")
                let head = try #require(c.readHead())
                #expect(head.hasPrefix("HTTP/1.0 200 OK\r\n"))
                #expect(head.lowercased().contains("connection: close"))
                #expect(c.isClosedByPeer())
            }
        }
    }
}
