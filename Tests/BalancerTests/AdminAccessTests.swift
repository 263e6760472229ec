import Foundation
import Testing
@testable import Balancer

/// The admin plane: a bearer token, a Host naming the listener, a same-origin dashboard socket,
/// bounded inputs, and persistence failures reported instead of hidden.
extension AllBalancerTests {
    @Suite(.serialized) struct AdminAccessTests {
        static let routes: [(String, String, String)] = [
            ("GET", "/stats", ""), ("GET", "/metrics", ""), ("GET", "/policy", ""), ("PUT", "/policy", #"{"policy":"random"}"#),
            ("GET", "/vip", ""), ("PUT", "/vip/ip:127.0.0.1", #"{"tier":"vip","multiplier":1000}"#), ("DELETE", "/vip/x", ""),
            ("GET", "/reputation/ip:127.0.0.1", ""), ("DELETE", "/reputation/ip:127.0.0.1", ""), ("GET", "/anomalies", ""),
            ("GET", "/flags", ""), ("PUT", "/flags", "{}"), ("GET", "/upstreams", ""), ("GET", "/health", ""),
            ("GET", "/api-keys", ""), ("POST", "/api-keys", #"{"name":"x"}"#), ("DELETE", "/api-keys/0123456789abcdef", ""),
        ]

        @Test func everyAdminRouteAnswers401WithoutItsToken() async throws {
            try await withBalancer { f in
                let port = f.admin.port, host = f.admin.host
                for (method, path, body) in Self.routes {
                    let none = try #require(try RawHTTP.request(port, method: method, path: path, body: body, host: host))
                    #expect(none.status == 401, "\(method) \(path)")
                    #expect(none.header("www-authenticate") == "Bearer")
                    #expect(none.body.contains("unauthorized"))
                    let wrong = try RawHTTP.request(port, method: method, path: path, body: body, host: host, headers: ["Authorization": "Bearer not-the-token"])
                    #expect(wrong?.status == 401, "\(method) \(path)")
                }
                // Nothing changed: the PUTs above were refused before they ran.
                #expect(f.server.policy() == .roundRobin)
                #expect(f.server.vips().isEmpty)
                #expect(try RawHTTP.get(f.admin, "/stats")?.status == 200)
                // The dashboard page is static and carries no data; its calls need the token.
                #expect(try RawHTTP.get(port, "/dashboard", host: host)?.status == 200)
            }
        }

        @Test func hostMustNameTheListener() async throws {
            try await withBalancer({ $0.adminHosts = ["balancer.internal"] }) { f in
                let auth = ["Authorization": "Bearer \(f.admin.token)"]
                for host in ["attacker.example", "attacker.example:\(f.admin.port)", "localhost.attacker.example", "127.0.0.1.nip.io", "x:y:z"] {
                    let r = try #require(try RawHTTP.get(f.admin.port, "/stats", host: host, headers: auth))
                    #expect(r.status == 403, "\(host)")
                    #expect(r.body.contains("forbidden_host"))
                    #expect(try RawHTTP.get(f.admin.port, "/dashboard", host: host)?.status == 403)
                }
                for host in ["127.0.0.1:\(f.admin.port)", "localhost:\(f.admin.port)", "LOCALHOST", "[::1]:9090", "10.1.2.3:9090", "balancer.internal:9090"] {
                    #expect(try RawHTTP.get(f.admin.port, "/stats", host: host, headers: auth)?.status == 200, "\(host)")
                }
            }
        }

        @Test func dashboardSocketChecksOriginAndToken() async throws {
            try await withBalancer { f in
                func handshake(origin: String?, token: String?) throws -> Int {
                    let ws = try RawHTTP(port: f.admin.port)
                    var req = "GET /dashboard/ws\(token.map { "?token=\($0)" } ?? "") HTTP/1.1\r\nHost: \(f.admin.host)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    if let origin { req += "Origin: \(origin)\r\n" }
                    ws.send(req + "\r\n")
                    return ws.readResponse()?.status ?? 0
                }
                let answer62 = try handshake(origin: "http://attacker.example", token: f.admin.token)
                #expect(answer62 == 403)
                let answer63 = try handshake(origin: "http://127.0.0.1:1", token: f.admin.token)
                #expect(answer63 == 403)
                let answer64 = try handshake(origin: "null", token: f.admin.token)
                #expect(answer64 == 403)
                let answer65 = try handshake(origin: "http://\(f.admin.host)", token: nil)
                #expect(answer65 == 401)
                let answer66 = try handshake(origin: "http://\(f.admin.host)", token: "wrong")
                #expect(answer66 == 401)
                let answer67 = try handshake(origin: "http://\(f.admin.host)", token: f.admin.token)
                #expect(answer67 == 101)
            }
        }

        @Test func tokenIsGeneratedWhenUnsetAndRequiredInProduction() throws {
            let a = try AdminToken.resolve(configured: nil, production: false)
            let b = try AdminToken.resolve(configured: nil, production: false)
            #expect(a.generated && b.generated && a.token != b.token && a.token.count >= 40)
            #expect(try AdminToken.resolve(configured: "set", production: true) == ("set", false))
            #expect(throws: AdminToken.Missing.self) { try AdminToken.resolve(configured: nil, production: true) }
            #expect(throws: AdminToken.Missing.self) { try AdminToken.resolve(configured: "", production: true) }
            var config = BalancerConfiguration()
            config.production = true
            #expect(throws: AdminToken.Missing.self) { _ = try BalancerServer(config: config) }
        }

        @Test func clientKeysAndMultipliersAreBounded() async throws {
            try await withBalancer { f in
                let long = String(repeating: "k", count: 257)
                let answer86 = try RawHTTP.request(f.admin, method: "PUT", path: "/vip/\(long)", body: #"{"tier":"vip","multiplier":2}"#)?.status
                #expect(answer86 == 400)
                let answer87 = try RawHTTP.get(f.admin, "/reputation/\(long)")?.status
                #expect(answer87 == 400)
                let answer88 = try RawHTTP.request(f.admin, method: "PUT", path: "/vip/%00x", body: #"{"tier":"vip","multiplier":2}"#)?.status
                #expect(answer88 == 400)
                for body in [#"{"tier":"vip","multiplier":1001}"#, #"{"tier":"vip","multiplier":0}"#, #"{"tier":"vip","multiplier":-1}"#,
                             #"{"tier":"vip","multiplier":1e308}"#, #"{"tier":"gold","multiplier":2}"#,
                             #"{"tier":"vip","multiplier":2,"notes":"\#(String(repeating: "n", count: 501))"}"#] {
                    let answer92 = try RawHTTP.request(f.admin, method: "PUT", path: "/vip/user:1", body: body)?.status
                    #expect(answer92 == 400, "\(body)")
                }
                #expect(f.server.vips().isEmpty)
                let answer95 = try RawHTTP.request(f.admin, method: "PUT", path: "/vip/\(String(repeating: "k", count: 256))", body: #"{"tier":"vip","multiplier":1000}"#)?.status
                #expect(answer95 == 200)
            }
        }

        @Test func reputationCanBeResetByTheOperator() async throws {
            try await withBalancer { f in
                f.server.reputation.record(.anomaly, client: "ip:10.0.0.9", now: monotonicNanos(), weight: 2)
                #expect(try RawHTTP.get(f.admin, "/reputation/ip:10.0.0.9")?.body.contains(#""score":20"#) == true)
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/reputation/ip:10.0.0.9")?.status == 204)
                let after = try #require(try RawHTTP.get(f.admin, "/reputation/ip:10.0.0.9"))
                #expect(after.body.contains(#""score":50"#) && after.body.contains(#""violations":0"#))
            }
        }

        @Test func aVIPThatCouldNotBeStoredIsReportedAndNotApplied() async throws {
            let store = FailingStore()
            try await withBalancer(store: store) { f in
                store.failing.withLockedValue { $0 = true }
                let put = try #require(try RawHTTP.request(f.admin, method: "PUT", path: "/vip/user:7", body: #"{"tier":"vip","multiplier":2}"#))
                #expect(put.status == 503)
                #expect(put.body.contains("persistence_failed"))
                #expect(try RawHTTP.get(f.admin, "/vip/user:7")?.status == 404)
                #expect(try RawHTTP.request(f.admin, method: "POST", path: "/api-keys", body: #"{"name":"x"}"#)?.status == 503)
                #expect(f.server.apiKeys().isEmpty)
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/reputation/user:7")?.status == 503)
                store.failing.withLockedValue { $0 = false }
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/vip/user:7", body: #"{"tier":"vip","multiplier":2}"#)?.status == 200)
                #expect(try RawHTTP.get(f.admin, "/vip/user:7")?.status == 200)
            }
        }
    }
}
