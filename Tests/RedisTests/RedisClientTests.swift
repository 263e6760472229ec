import Foundation
import Testing
@testable import Redis

@Suite struct RedisClientTests {
    @Test func roundTripsAndErrors() async throws {
        let client = try RedisTestServer.client()
        defer { client.shutdown() }
        try await client.ping()
        let key = RedisTestServer.key("kv")
        try await client.command("SET", key, "value with spaces\r\nand CRLF")
        #expect(try await client.command("GET", key).string == "value with spaces\r\nand CRLF")
        #expect(try await client.command("GET", key + ":missing") == .null)
        await #expect(throws: RedisError.self) { try await client.command("INCR", key) }
        await #expect(throws: RedisError.self) { try await client.command("NOSUCHCOMMAND") }
    }

    @Test func pipelinesKeepOrderAndReportEachError() async throws {
        let client = try RedisTestServer.client()
        defer { client.shutdown() }
        let key = RedisTestServer.key("pipe")
        var batch = (0..<1000).map { RedisCommand("RPUSH", key, String($0)) }
        batch.insert(RedisCommand("HGET", key, "x"), at: 500)
        let replies = try await client.send(batch)
        #expect(replies.count == 1001)
        #expect(replies[0] == .integer(1))
        if case .error(let message) = replies[500] { #expect(message.hasPrefix("WRONGTYPE")) } else { Issue.record("expected WRONGTYPE, got \(replies[500])") }
        #expect(replies[1000] == .integer(1000))
        let all = try await client.command("LRANGE", key, "0", "-1").array?.compactMap(\.string)
        #expect(all == (0..<1000).map(String.init))
    }

    @Test func concurrentCommandsShareThePool() async throws {
        let client = try RedisTestServer.client(poolSize: 3)
        defer { client.shutdown() }
        let key = RedisTestServer.key("incr")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 { group.addTask { try await client.command("INCR", key) } }
            try await group.waitForAll()
        }
        #expect(try await client.command("GET", key).int == 200)
        let clients = try await client.command("CLIENT", "LIST").string ?? ""
        #expect(clients.split(separator: "\n").count >= 1)
    }

    @Test func bigValuesAndNestedReplies() async throws {
        let client = try RedisTestServer.client()
        defer { client.shutdown() }
        let key = RedisTestServer.key("big")
        let big = String(repeating: "x", count: 3_000_000)
        try await client.command("SET", key, big)
        #expect(try await client.command("GET", key).string?.count == 3_000_000)
        let nested = try await client.command("EVAL", "return {1, {2, 'three'}, false}", "0")
        #expect(nested == .array([.integer(1), .array([.integer(2), .bulk(Array("three".utf8))]), .null]))
    }

    @Test func scriptsRunBySHAAndReloadAfterFlush() async throws {
        let client = try RedisTestServer.client(poolSize: 1)
        defer { client.shutdown() }
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
        let key = RedisTestServer.key("script")
        #expect(try await client.run(script, keys: [key], arguments: ["5"]) == .integer(5))
        try await client.command("SCRIPT", "FLUSH")
        #expect(try await client.run(script, keys: [key], arguments: ["2"]) == .integer(7))
    }

    @Test func selectsTheDatabaseOfTheURL() async throws {
        var url = try RedisURL(RedisTestServer.url())
        url.database = 3
        let client = RedisClient(configuration: RedisConfiguration(url: url, poolSize: 1))
        defer { client.shutdown() }
        let key = RedisTestServer.key("db")
        try await client.command("SET", key, "in-3")
        #expect(try await client.command("CLIENT", "INFO").string?.contains("db=3") == true)
        let other = try RedisTestServer.client(poolSize: 1)
        defer { other.shutdown() }
        #expect(try await other.command("GET", key) == .null)
    }

    @Test func authenticatesWithThePasswordOfTheURL() async throws {
        let admin = try RedisTestServer.client(poolSize: 1)
        defer { admin.shutdown() }
        let user = "test-\(UUID().uuidString.prefix(8))"
        try await admin.command("ACL", "SETUSER", user, "on", ">s3cret", "~*", "+@all")
        defer { Task { try? await admin.command("ACL", "DELUSER", user) } }
        var url = try RedisURL(RedisTestServer.url())
        url.user = user
        url.password = "s3cret"
        let good = RedisClient(configuration: RedisConfiguration(url: url, poolSize: 1))
        defer { good.shutdown() }
        #expect(try await good.command("ACL", "WHOAMI").string == user)
        url.password = "wrong"
        let bad = RedisClient(configuration: RedisConfiguration(url: url, poolSize: 1))
        await #expect(throws: RedisError.self) { try await bad.ping() }
    }

    @Test func aSlowCommandTimesOutAndTheClientRecovers() async throws {
        let client = try RedisTestServer.client(poolSize: 1, commandTimeout: .milliseconds(200))
        defer { client.shutdown() }
        let key = RedisTestServer.key("block")
        await #expect(throws: RedisError.timeout) { try await client.command("BLPOP", key, "5") }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if (try? await client.ping()) != nil { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the client did not reconnect after a timeout")
    }

    @Test func anUnreachableServerFailsFastThenBacksOff() async throws {
        let dead = RedisClient(configuration: RedisConfiguration(url: RedisURL(host: "127.0.0.1", port: 1), poolSize: 1))
        let started = ContinuousClock.now
        await #expect(throws: RedisError.self) { try await dead.ping() }
        // Within the back-off the pool refuses without dialling again.
        do { try await dead.ping(); Issue.record("expected a refusal") } catch let error as RedisError {
            guard case .unavailable = error else { Issue.record("expected unavailable, got \(error)"); return }
        }
        // Refused at once, never the 1 s command timeout per call; the margin is for a loaded CI machine.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func subscribersReceiveMessagesAndResubscribe() async throws {
        let client = try RedisTestServer.client(poolSize: 1)
        defer { client.shutdown() }
        let channel = RedisTestServer.key("chan")
        let inbox = Inbox()
        let task = Task {
            await RedisSubscriber(client: client).run(channels: [channel], onSubscribed: { inbox.subscribed() },
                                                      onMessage: { _, message in inbox.add(message) })
        }
        defer { task.cancel() }
        try await inbox.wait { $0.subscriptions >= 1 }
        try await client.command("PUBLISH", channel, "hello")
        try await inbox.wait { $0.messages == ["hello"] }
        // Kill the subscriber's connection: it comes back by itself and says so.
        try await client.command("CLIENT", "KILL", "TYPE", "pubsub")
        try await inbox.wait { $0.subscriptions >= 2 }
        try await client.command("PUBLISH", channel, "again")
        try await inbox.wait { $0.messages.last == "again" }
    }
}
