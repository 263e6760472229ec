import Foundation
import Logging
import Testing
@testable import Balancer

/// Issued API keys: only a key the balancer issued identifies a client; anything else is no key.
extension AllBalancerTests {
    @Suite(.serialized) struct APIKeyTests {
        /// A limit that does not refill within the test: exactly `burst` requests pass.
        static func tight(_ c: inout BalancerConfiguration) {
            c.limit = GCRALimit(ratePerSecond: 0.001, burst: 32)
            c.flags.reputation.enabled = false
            c.flags.anomalyDetection.enabled = false
        }

        /// The bar of docs/balancer.md: rotating made-up keys buys nothing over sending none.
        @Test func rotatingUnknownKeysAreLimitedExactlyLikeNoKey() async throws {
            var withoutKey: [Int] = [], rotating: [Int] = []
            try await withBalancer(Self.tight) { f in
                withoutKey = try RawHTTP.burst(f.port, count: 400, key: nil)
            }
            try await withBalancer(Self.tight) { f in
                _ = try f.issueKey("someone")  // a real key exists, so forged ones reach verification
                var rng = SplitMix64(seed: 9)
                rotating = try RawHTTP.burst(f.port, count: 400) { i in
                    // Free text, and forgeries shaped like issued keys.
                    let id = String(format: "%016llx", rng.next())
                    return ["X-API-Key": i % 2 == 0 ? "rotating-\(i)" : "rlk_\(id).secret\(rng.next())"]
                }
            }
            #expect(withoutKey.filter { $0 == 200 }.count == 32)
            #expect(rotating.filter { $0 == 200 }.count == 32)
            #expect(rotating == withoutKey)
        }

        @Test func anIssuedKeyHasItsOwnLimitUntilRevoked() async throws {
            try await withBalancer({ $0.limit = GCRALimit(ratePerSecond: 0.001, burst: 3) }) { f in
                let issued = try f.issueKey("partner")
                #expect(try RawHTTP.burst(f.port, count: 4, key: nil) == [200, 200, 200, 429])
                // The IP is spent; the key is a client of its own.
                #expect(try RawHTTP.burst(f.port, count: 4, key: issued.key) == [200, 200, 200, 429])
                // The right id with a wrong secret is no key: limited as the (spent) IP.
                let id = String(issued.client.dropFirst("key:".count))
                #expect(try RawHTTP.burst(f.port, count: 1, key: "rlk_\(id).wrong") == [429])

                let list = try #require(try RawHTTP.get(f.admin, "/api-keys"))
                #expect(list.status == 200 && list.body.contains(id) && !list.body.contains(issued.key))
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/api-keys/\(id)")?.status == 204)
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/api-keys/\(id)")?.status == 404)
                let fresh = try f.issueKey("after")
                // Revoked: the old key is the IP again, while a new key still works.
                #expect(try RawHTTP.burst(f.port, count: 1, key: issued.key) == [429])
                #expect(try RawHTTP.burst(f.port, count: 1, key: fresh.key) == [200])
            }
        }

        @Test func someoneElsesKeyIdWithoutItsSecretCannotLowerTheirReputation() async throws {
            try await withBalancer { f in
                let victim = try f.issueKey("victim")
                let id = String(victim.client.dropFirst("key:".count))
                for i in 0..<20 {
                    #expect(try RawHTTP.get(f.port, "/status/403", headers: ["X-API-Key": "rlk_\(id).guess\(i)"])?.status == 403)
                }
                let rep = try #require(try RawHTTP.get(f.admin, "/reputation/\(victim.client)"))
                #expect(rep.body.contains(#""score":50"#))
                #expect(rep.body.contains(#""violations":0"#))
            }
        }

        @Test func aKeysTierAppliesToItsLimit() async throws {
            try await withBalancer({ $0.limit = GCRALimit(ratePerSecond: 0.001, burst: 2) }) { f in
                let premium = try f.issueKey("premium", tier: "premium", multiplier: 3)
                #expect(try RawHTTP.burst(f.port, count: 7, key: premium.key).filter { $0 == 200 }.count == 6)
                let bad = try RawHTTP.request(f.admin, method: "POST", path: "/api-keys", body: #"{"name":"x","multiplier":1e9}"#)
                #expect(bad?.status == 400)
                #expect(try RawHTTP.request(f.admin, method: "POST", path: "/api-keys", body: #"{"name":""}"#)?.status == 400)
                #expect(try RawHTTP.request(f.admin, method: "POST", path: "/api-keys", body: "nope")?.status == 400)
            }
        }

        @Test(arguments: LayerIntegrationTests.databases)
        func keysAreStoredHashedAndSurviveARestart(url: String) async throws {
            let logger = Logger(label: "test")
            let first = try #require(try await PersistenceFactory.open(url: url, logger: logger))
            var kept = (key: "", client: ""), revoked = (key: "", client: "")
            try await withBalancer(store: first, { $0.limit = GCRALimit(ratePerSecond: 0.001, burst: 1) }) { f in
                kept = try f.issueKey("kept")
                revoked = try f.issueKey("revoked")
                #expect(try RawHTTP.request(f.admin, method: "DELETE", path: "/api-keys/\(revoked.client.dropFirst(4))")?.status == 204)
            }
            try await first.close()
            let second = try #require(try await PersistenceFactory.open(url: url, logger: logger))
            let stored = try await second.loadKeys()
            let keptId = String(kept.client.dropFirst(4))
            let row = try #require(stored.first { $0.id == keptId })
            #expect(!stored.contains { "key:" + $0.id == revoked.client })
            // Only the digest is stored, never the secret.
            #expect(row.secretHash.count == 64 && !kept.key.contains(row.secretHash))
            try await withBalancer(store: second, { $0.limit = GCRALimit(ratePerSecond: 0.001, burst: 1) }) { f in
                let answer100 = try RawHTTP.burst(f.port, count: 1, key: nil)
                #expect(answer100 == [200])
                let answer101 = try RawHTTP.burst(f.port, count: 1, key: kept.key)
                #expect(answer101 == [200])
                let answer102 = try RawHTTP.burst(f.port, count: 1, key: revoked.key)
                #expect(answer102 == [429])
            }
            try await second.close()
        }

        @Test func aKeyIssuedThroughAnotherReplicaIsPickedUpByTheRefresh() async throws {
            let store = InMemoryReputationStore()
            try await withBalancer(store: store, { $0.housekeepingInterval = .milliseconds(100); $0.limit = GCRALimit(ratePerSecond: 0.001, burst: 1) }) { f in
                // Written by "another balancer": straight into the shared store.
                let other = APIKey.issue(name: "elsewhere", tier: .standard, multiplier: 1, nowMs: 0)
                try await store.saveKey(other.record)
                let deadline = Date().addingTimeInterval(5)
                while f.server.keys.record(id: other.record.id) == nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
                #expect(try RawHTTP.burst(f.port, count: 1, key: nil) == [200])
                #expect(try RawHTTP.burst(f.port, count: 1, key: other.plaintext) == [200])
                try await store.revokeKey(id: other.record.id, atMs: 1)
                while f.server.keys.record(id: other.record.id) != nil, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
                #expect(try RawHTTP.burst(f.port, count: 1, key: other.plaintext) == [429])
            }
        }

        @Test func keyParsingAndVerification() {
            let a = APIKey.issue(name: "a", tier: .standard, multiplier: 1, nowMs: 0)
            let table = APIKeyTable([a.record])
            #expect(table.verify(Substring(a.plaintext)) == a.record.clientKey)
            #expect(table.verify(Substring(a.plaintext + "x")) == nil)
            #expect(table.verify(Substring(String(a.plaintext.dropLast())) ) == nil)
            #expect(table.verify("") == nil)
            #expect(table.verify(Substring(String(repeating: "a", count: 10_000))) == nil)
            var revoked = a.record
            revoked.revokedAtMs = 1
            #expect(APIKeyTable([revoked]).verify(Substring(a.plaintext)) == nil)
            #expect(APIKey.parse("rlk_0123456789abcdef.s")?.id == "0123456789abcdef")
            #expect(APIKey.parse("rlk_0123456789ABCDEF.s") == nil)
            #expect(APIKey.parse("rlk_0123456789abcdef.") == nil)
        }

        /// docs/operations.md's rotation: tokens signed with the previous secret still identify
        /// their user at the balancer; a token signed with neither is no identity at all.
        @Test func jwtsSignedWithThePreviousSecretIdentifyTheUser() {
            let id = ClientIdentifier(jwtSecret: "new-secret-new-secret-new-secret", previousSecret: "old-secret-old-secret-old-secret")
            let claims: [String: Any] = ["sub": "42", "exp": Int(Date().timeIntervalSince1970) + 600]
            let new = ClientIdentifier.signHS256(claims: claims, secret: "new-secret-new-secret-new-secret")
            let old = ClientIdentifier.signHS256(claims: claims, secret: "old-secret-old-secret-old-secret")
            let forged = ClientIdentifier.signHS256(claims: claims, secret: "someone-elses-secret-xxxxxxxxxxx")
            #expect(id.clientKey(authorization: "Bearer " + new, apiKey: nil, peer: "1.2.3.4") == "user:42")
            #expect(id.clientKey(authorization: "Bearer " + old, apiKey: nil, peer: "1.2.3.4") == "user:42")
            #expect(id.clientKey(authorization: "Bearer " + forged, apiKey: nil, peer: "1.2.3.4") == "ip:1.2.3.4")
            #expect(id.clientKey(authorization: nil, apiKey: "anything", peer: "1.2.3.4") == "ip:1.2.3.4")
        }
    }
}
