import Foundation
import Logging
import NIOCore
import Testing
@testable import Balancer

/// The limiter, reputation, anomaly, flag and priority layers, observed from outside: requests
/// on the public listener, state through the admin API.
extension AllBalancerTests {
    @Suite(.serialized) struct LayerIntegrationTests {
        @Test func vipTrafficIsAdmittedWhileStandardTrafficIsShedUnderOverload() async throws {
            // One loop, two replicas, two slots each: capacity 4; standard may use 70 % of it.
            try await withBalancer(threads: 1, { $0.admission.capacityPerReplica = 2 }) { f in
                let gold = try f.issueKey("gold", tier: "vip", multiplier: 2).key
                let (std, std2) = (try f.issueKey("std").key, try f.issueKey("std2").key)
                let port = f.port
                let slow = (0..<3).map { _ in
                    Task { try await onThread { try RawHTTP.get(port, "/slow?ms=1500", headers: ["X-API-Key": std])?.status } }
                }
                try await waitUntil("three slow requests in flight") { await f.server.gather { $0.engine.totalInflight }.reduce(0, +) == 3 }
                let standard = try #require(try RawHTTP.get(port, "/", headers: ["X-API-Key": std2]))
                #expect(standard.status == 503)
                #expect(standard.body.contains("overloaded"))
                #expect(standard.header("retry-after") != nil)
                let vip = try #require(try RawHTTP.get(port, "/", headers: ["X-API-Key": gold]))
                #expect(vip.status == 200)
                for t in slow { #expect(try await t.value == 200) }
                // Capacity is back once the slow requests finished.
                #expect(try RawHTTP.get(port, "/", headers: ["X-API-Key": std2])?.status == 200)
            }
        }

        @Test func clientErrorsLowerReputationAndTheScoreIsVisible() async throws {
            try await withBalancer { f in
                let (noisyKey, politeKey) = (try f.issueKey("noisy"), try f.issueKey("polite"))
                for _ in 0..<20 { #expect(try RawHTTP.get(f.port, "/status/403", headers: ["X-API-Key": noisyKey.key])?.status == 403) }
                for _ in 0..<5 { #expect(try RawHTTP.get(f.port, "/", headers: ["X-API-Key": politeKey.key])?.status == 200) }
                let noisy = try #require(try RawHTTP.get(f.admin, "/reputation/\(noisyKey.client)"))
                let json = try #require(try JSONSerialization.jsonObject(with: Data(noisy.body.utf8)) as? [String: Any])
                #expect(abs((json["score"] as? Double ?? 0) - 45) < 0.01)
                #expect(json["violations"] as? Int == 20)
                let politeBody = try #require(try RawHTTP.get(f.admin, "/reputation/\(politeKey.client)")).body
                let polite = try #require(try JSONSerialization.jsonObject(with: Data(politeBody.utf8)) as? [String: Any])
                #expect(polite["score"] as? Double == 50)
            }
        }

        @Test func lowReputationShrinksTheLimit() async throws {
            // 2/s with a burst of 4: a neutral client gets 4 at once; after an anomaly (-15) and
            // client errors its score is under 40 and its burst shrinks with its rate.
            try await withBalancer({ $0.limit = GCRALimit(ratePerSecond: 2, burst: 4) }) { f in
                let (fresh, badKey) = (try f.issueKey("fresh"), try f.issueKey("bad"))
                let neutral = try (0..<6).map { _ in try RawHTTP.get(f.port, "/", headers: ["X-API-Key": fresh.key])?.status ?? 0 }
                #expect(neutral.filter { $0 == 200 }.count == 4)
                let now = monotonicNanos()
                f.server.reputation.record(.anomaly, client: badKey.client, now: now, weight: 2)
                let bad = try (0..<6).map { _ in try RawHTTP.get(f.port, "/", headers: ["X-API-Key": badKey.key])?.status ?? 0 }
                #expect(bad.filter { $0 == 200 }.count < 4)
                #expect(bad.filter { $0 == 200 }.count >= 1)
            }
        }

        @Test func anomaliesAreDetectedRecordedAndActedOn() async throws {
            try await withBalancer({ $0.anomalyWindow = .seconds(1) }) { f in
                // Twelve ordinary clients and one heavy one, interleaved so that however the window
                // boundary falls, each part holds the heavy client far above the rest.
                let heavy = try f.issueKey("heavy")
                let light = try (0..<12).map { try f.issueKey("light-\($0)").key }
                for i in 0..<96 {
                    _ = try RawHTTP.get(f.port, "/", headers: ["X-API-Key": heavy.key])
                    if i % 8 == 0 { _ = try RawHTTP.get(f.port, "/", headers: ["X-API-Key": light[i / 8]]) }
                }
                var found: [[String: Any]] = []
                for _ in 0..<40 where found.isEmpty {
                    try await Task.sleep(nanoseconds: 100_000_000)
                    let body = try RawHTTP.get(f.admin, "/anomalies")?.body ?? "[]"
                    found = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
                }
                let a = try #require(found.first)
                #expect(a["type"] as? String == "client_burst")
                #expect((a["clients"] as? [String]) == [heavy.client])
                #expect((a["responses"] as? [String])?.contains("lower_reputation") == true)
                #expect((a["confidence"] as? Double ?? 0) >= 0.5)
                let repBody = try #require(try RawHTTP.get(f.admin, "/reputation/\(heavy.client)")).body
                let rep = try #require(try JSONSerialization.jsonObject(with: Data(repBody.utf8)) as? [String: Any])
                #expect((rep["score"] as? Double ?? 50) <= 36)
                let metrics = try RawHTTP.get(f.admin, "/metrics")?.body ?? ""
                #expect(metrics.contains("balancer_anomalies_total 1") || metrics.contains("balancer_anomalies_total 2"))
            }
        }

        @Test func limiterRolloutAppliesToTheClientsInsideThePercentage() async throws {
            let half = FeatureFlag(enabled: true, rolloutPercent: 50)
            try await withBalancer({ $0.limit = GCRALimit(ratePerSecond: 1, burst: 1) }) { f in
                // Issued keys until one falls inside the rollout and one outside.
                var inside: String?, outside: String?
                for i in 0..<64 where inside == nil || outside == nil {
                    let k = try f.issueKey("k\(i)")
                    if half.isOn(forClient: k.client) { inside = inside ?? k.key } else { outside = outside ?? k.key }
                }
                let (insideKey, outsideKey) = (try #require(inside), try #require(outside))
                let flags = #"{"limiter":{"enabled":true,"rolloutPercent":50},"reputation":{"enabled":true,"rolloutPercent":100},"anomalyDetection":{"enabled":true,"rolloutPercent":100},"affinity":{"enabled":true,"rolloutPercent":100}}"#
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/flags", body: flags)?.status == 200)
                try await waitUntil("the flags on every loop") { await f.server.gather { $0.engine.flags.limiter.rolloutPercent == 50 }.allSatisfy { $0 } }
                let limited = try (0..<4).map { _ in try RawHTTP.get(f.port, "/", headers: ["X-API-Key": insideKey])?.status ?? 0 }
                let free = try (0..<4).map { _ in try RawHTTP.get(f.port, "/", headers: ["X-API-Key": outsideKey])?.status ?? 0 }
                #expect(limited.contains(429))
                #expect(free.allSatisfy { $0 == 200 })
                let off = #"{"limiter":{"enabled":false,"rolloutPercent":100},"reputation":{"enabled":true,"rolloutPercent":100},"anomalyDetection":{"enabled":true,"rolloutPercent":100},"affinity":{"enabled":true,"rolloutPercent":100}}"#
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/flags", body: off)?.status == 200)
                try await waitUntil("the limiter off on every loop") { await f.server.gather { !$0.engine.flags.limiter.enabled }.allSatisfy { $0 } }
                #expect(try (0..<4).map { _ in try RawHTTP.get(f.port, "/", headers: ["X-API-Key": insideKey])?.status ?? 0 }.allSatisfy { $0 == 200 })
            }
        }

        /// A temp SQLite file always; also the PostgreSQL of `WAVE3_TEST_DATABASE_URL` when set
        /// (as `make test` sets it). Client keys are unique per run, so a shared database is fine.
        static var databases: [String] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rlb-db-\(UUID().uuidString)")
            var urls = ["sqlite://\(dir.path)/balancer.sqlite"]
            if let pg = ProcessInfo.processInfo.environment["WAVE3_TEST_DATABASE_URL"], !pg.isEmpty { urls.append(pg) }
            return urls
        }

        @Test(arguments: databases)
        func reputationEventsScoresAndVIPsSurviveARestart(url: String) async throws {
            let run = UUID().uuidString.prefix(8).lowercased()
            let gold = "key:gold-\(run)"
            var abuser = ""
            let logger = Logger(label: "test")
            let first = try #require(try await PersistenceFactory.open(url: url, logger: logger))
            // A long interval: only the flush on drain can have written what follows.
            try await withBalancer(store: first, { $0.persistInterval = .seconds(3600) }) { f in
                let issued = try f.issueKey("abuser-\(run)")
                abuser = issued.client
                for _ in 0..<8 { _ = try RawHTTP.get(f.port, "/status/400", headers: ["X-API-Key": issued.key]) }
                #expect(try RawHTTP.request(f.admin, method: "PUT", path: "/vip/\(gold)", body: #"{"tier":"premium","multiplier":3}"#)?.status == 200)
            }
            try await first.close()

            let second = try #require(try await PersistenceFactory.open(url: url, logger: logger) as? SQLReputationStore)
            #expect(try await second.eventCount(client: abuser) == 8)
            let scores = try await second.loadScores()
            #expect(abs((scores[abuser]?.score ?? 50) - 48) < 0.01)
            #expect(try await second.loadVIPs()[gold] == VIPEntry(tier: .premium, multiplier: 3))
            try await withBalancer(store: second) { f in
                let rep = try #require(try RawHTTP.get(f.admin, "/reputation/\(abuser)"))
                #expect(rep.body.contains(#""score":48"#))
                #expect(try RawHTTP.get(f.admin, "/vip/\(gold)")?.body.contains(#""tier":"premium""#) == true)
            }
            try await second.close()
            if url.hasPrefix("sqlite://") {
                try? FileManager.default.removeItem(atPath: String(url.dropFirst("sqlite://".count)).replacingOccurrences(of: "/balancer.sqlite", with: ""))
            }
        }
    }
}
