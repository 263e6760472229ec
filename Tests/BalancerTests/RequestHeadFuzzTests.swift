import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Balancer

/// A seeded random-input test of the request head path: mutated request heads through the
/// balancer's own parsing and identification (every 50th also through NIO's HTTP/1 decoder): client key, API key, admin access, cookies,
/// hop-by-hop stripping. Beyond "no crash", identities must stay unforgeable: only the real JWT
/// names a user and only the real API key names a key.
extension AllBalancerTests {
    @Suite struct RequestHeadFuzzTests {
        /// 200,000 in the suite (≈ 90 s in a debug build); `BALANCER_FUZZ_CASES=1000000` for the
        /// full run of docs/balancer.md.
        static let cases = ProcessInfo.processInfo.environment["BALANCER_FUZZ_CASES"].flatMap { Int($0) } ?? 200_000
        static let secret = "fuzz-secret-fuzz-secret-fuzz-secret!"

        @Test func mutatedRequestHeadsNeverCrashOrForgeAnIdentity() throws {
            var rng = SplitMix64(seed: 20_261_203)
            let issued = APIKey.issue(name: "fuzz", tier: .standard, multiplier: 1, nowMs: 0)
            let jwt = ClientIdentifier.signHS256(claims: ["sub": "7", "exp": Int(Date().timeIntervalSince1970) + 3600], secret: Self.secret)
            let identifier = ClientIdentifier(jwtSecret: Self.secret, previousSecret: "previous-fuzz-secret-previous")
            identifier.keys = APIKeyTable([issued.record])
            let access = AdminAccess(token: "admin-token", listenerHost: "127.0.0.1", extraHosts: ["balancer.internal"])
            let templates = Self.templates(jwt: jwt, apiKey: issued.plaintext)

            func freshChannel() throws -> EmbeddedChannel {
                let channel = EmbeddedChannel()
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes), maximumBufferSize: 64 * 1024))
                return channel
            }
            var channel = try freshChannel()
            var parsed = 0, users = 0, keys = 0, decoded = 0
            for i in 0..<Self.cases {
                let bytes = Self.mutate(templates[Int(rng.next() % UInt64(templates.count))], using: &rng)
                // Every case through the balancer's own parsing; every 50th also through NIO's
                // decoder as the balancer configures it (its cost in a debug build would make a
                // million cases take minutes).
                if let head = Self.lenientHead(bytes) {
                    parsed += 1
                    Self.check(head, identifier: identifier, access: access, jwt: jwt, issued: issued, users: &users, keys: &keys)
                }
                guard i % 50 == 0 else { continue }
                do {
                    try channel.writeInbound(ByteBuffer(bytes: bytes))
                    while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
                        guard case .head(let head) = part else { continue }
                        decoded += 1
                        Self.check(head, identifier: identifier, access: access, jwt: jwt, issued: issued, users: &users, keys: &keys)
                    }
                } catch {}
                // A head cut short or an inflated body length would swallow the next case.
                _ = try? channel.finish()
                channel = try freshChannel()
            }
            _ = try? channel.finish()
            // The mutations must leave most heads parseable, or the checks above would test little.
            #expect(parsed > Self.cases / 2)
            #expect(decoded > Self.cases / 50 / 10)
            #expect(users > Self.cases / 1000 && keys > Self.cases / 1000)
        }

        static func check(_ head: HTTPRequestHead, identifier: ClientIdentifier, access: AdminAccess, jwt: String,
                          issued: (record: APIKeyRecord, plaintext: String), users: inout Int, keys: inout Int) {
            let authorization = head.headers.first(name: "authorization"), apiKey = head.headers.first(name: "x-api-key")
            let client = identifier.clientKey(authorization: authorization, apiKey: apiKey, peer: "192.0.2.1")
            if client.hasPrefix("user:") {
                users += 1
                #expect(client == "user:7" && authorization?.contains(jwt) == true)
            } else if client.hasPrefix("key:") {
                keys += 1
                #expect(client == issued.record.clientKey && apiKey == issued.plaintext)
            } else {
                #expect(client == "ip:192.0.2.1")
            }
            let denial = access.check(method: head.method.rawValue, path: head.uri, host: head.headers.first(name: "host"),
                                      origin: head.headers.first(name: "origin"), authorization: authorization)
            if denial == nil, head.uri != "/dashboard", !head.uri.hasPrefix("/dashboard?") {
                #expect(authorization?.contains("admin-token") == true || head.uri.contains("token="))
            }
            _ = APIKey.parse(Substring(apiKey ?? ""))
            _ = HeaderRewriter.cookie(named: "rlb_affinity", in: head.headers)
            var stripped = head.headers
            HeaderRewriter.stripHopByHop(&stripped)
            #expect(!stripped.contains(name: "connection") && !stripped.contains(name: "keep-alive"))
            _ = HeaderRewriter.isIdempotent(head.method)
            _ = Upstream(parsing: head.headers.first(name: "host") ?? "")
        }

        /// The head as a permissive parser would read it (request line, then `name: value` lines
        /// up to the first blank line), so the balancer's functions also see what NIO would refuse.
        static func lenientHead(_ bytes: [UInt8]) -> HTTPRequestHead? {
            let text = String(decoding: bytes, as: UTF8.self)
            var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
            guard let first = lines.next() else { return nil }
            let parts = first.split(separator: " ")
            guard parts.count == 3 else { return nil }
            var headers = HTTPHeaders()
            while let line = lines.next(), !line.isEmpty {
                // Only what an HTTP/1 parser lets through: token names, values without CR, LF or NUL.
                guard let colon = line.firstIndex(of: ":"), !line[..<colon].isEmpty,
                      line[..<colon].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains($0) }),
                      !line.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) else { continue }
                headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].drop(while: { $0 == " " })))
            }
            return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: String(parts[0])), uri: String(parts[1]), headers: headers)
        }

        static func templates(jwt: String, apiKey: String) -> [[UInt8]] {
            [
                "GET /api/v1/lessons HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer \(jwt)\r\n\r\n",
                "GET /lessons?limit=5 HTTP/1.1\r\nHost: localhost\r\nX-API-Key: \(apiKey)\r\nCookie: a=b; rlb_affinity=127.0.0.1:8081\r\n\r\n",
                "POST /progress HTTP/1.1\r\nHost: balancer.internal:9090\r\nContent-Length: 0\r\nConnection: keep-alive, x-hop\r\nX-Hop: 1\r\nIdempotency-Key: k\r\n\r\n",
                "GET /dashboard/ws?token=admin-token HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nOrigin: http://127.0.0.1:9090\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                "PUT /vip/user:1 HTTP/1.1\r\nHost: [::1]:9090\r\nAuthorization: Bearer admin-token\r\nContent-Length: 0\r\n\r\n",
                "GET / HTTP/1.0\r\nX-API-Key: rlk_0123456789abcdef.forged\r\nAuthorization: bearer a.b.c\r\nX-Forwarded-For: 1.2.3.4, 5.6.7.8\r\n\r\n",
            ].map { Array($0.utf8) }
        }

        /// One to four edits: a byte replaced (often by a delimiter or a non-ASCII byte), bytes
        /// inserted or deleted, the head cut short, or a stretch repeated.
        static func mutate(_ template: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
            var b = template
            let interesting: [UInt8] = [0, 9, 10, 13, 32, 34, 37, 44, 46, 58, 59, 61, 63, 91, 93, 0x7F, 0x80, 0xC3, 0xFF]
            for _ in 0..<(1 + Int(rng.next() % 4)) where !b.isEmpty {
                let i = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 6 {
                case 0: b[i] = interesting[Int(rng.next() % UInt64(interesting.count))]
                case 1: b[i] = UInt8(truncatingIfNeeded: rng.next())
                case 2: b.insert(contentsOf: (0..<Int(1 + rng.next() % 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: i)
                case 3: b.removeSubrange(i..<min(b.count, i + Int(1 + rng.next() % 8)))
                case 4: b = Array(b.prefix(i))
                default:
                    let end = min(b.count, i + Int(1 + rng.next() % 64))
                    b.insert(contentsOf: Array(repeating: Array(b[i..<end]), count: Int(1 + rng.next() % 20)).flatMap { $0 }, at: i)
                }
            }
            return b
        }
    }
}
