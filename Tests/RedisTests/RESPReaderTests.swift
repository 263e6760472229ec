import Testing
@testable import Redis

@Suite struct RESPReaderTests {
    func decode(_ text: String) throws -> [RESPValue] {
        let reader = RESPReader()
        try reader.feed(Array(text.utf8))
        var values: [RESPValue] = []
        while let value = try reader.next() { values.append(value) }
        return values
    }

    @Test func scalars() throws {
        #expect(try decode("+OK\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n") ==
                [.simple("OK"), .integer(42), .integer(-7), .bulk(Array("hello".utf8)), .bulk([]), .null])
    }

    @Test func errorsAreValuesUntilThrown() throws {
        let values = try decode("-NOSCRIPT No matching script\r\n")
        #expect(values == [.error("NOSCRIPT No matching script")])
        #expect(throws: RedisError.server("NOSCRIPT No matching script")) { try values[0].throwingError() }
        #expect(RedisError.server("NOSCRIPT x").isNoScript)
        #expect(!RedisError.server("ERR x").isNoScript)
    }

    @Test func nestedArraysWithNils() throws {
        let values = try decode("*3\r\n*2\r\n$1\r\na\r\n:1\r\n$-1\r\n*0\r\n*-1\r\n")
        #expect(values == [.array([.array([.bulk([97]), .integer(1)]), .null, .array([])]), .null])
    }

    @Test func bigBulkStringsAcrossManyFeeds() throws {
        let payload = String(repeating: "0123456789", count: 200_000)
        let wire = Array("$\(payload.utf8.count)\r\n\(payload)\r\n".utf8)
        let reader = RESPReader()
        var got: RESPValue?
        var offset = 0
        while offset < wire.count {
            let end = min(wire.count, offset + 4093)
            try reader.feed(Array(wire[offset..<end]))
            offset = end
            if let value = try reader.next() { got = value }
        }
        #expect(got?.string == payload)
    }

    @Test func partialInputWaitsForMore() throws {
        let reader = RESPReader()
        try reader.feed(Array("*2\r\n$3\r\nfoo".utf8))
        #expect(try reader.next() == nil)
        try reader.feed(Array("\r\n:5\r\n".utf8))
        #expect(try reader.next() == .array([.bulk(Array("foo".utf8)), .integer(5)]))
    }

    @Test func garbageIsAProtocolError() throws {
        let reader = RESPReader()
        try? reader.feed(Array("?what\r\n".utf8))
        #expect(throws: RedisError.self) { _ = try reader.next() }
    }

    @Test func accessors() {
        #expect(RESPValue.bulk(Array("12".utf8)).int == 12)
        #expect(RESPValue.bulk(Array("1.5".utf8)).double == 1.5)
        #expect(RESPValue.integer(3).double == 3)
        #expect(RESPValue.null.string == nil)
    }

    @Test func urls() throws {
        #expect(try RedisURL("redis://127.0.0.1:6380/2") == RedisURL(host: "127.0.0.1", port: 6380, database: 2))
        #expect(try RedisURL("redis://:s%40cret@cache") == RedisURL(host: "cache", password: "s@cret"))
        #expect(try RedisURL("redis://app:pw@cache:7000") == RedisURL(host: "cache", port: 7000, user: "app", password: "pw"))
        #expect(throws: RedisError.self) { try RedisURL("http://x") }
        #expect(throws: RedisError.self) { try RedisURL("redis://host:99999") }
        #expect(throws: RedisError.self) { try RedisURL("redis://host/x") }
    }

    @Test func scriptSHAMatchesRedis() {
        // SHA1 of "return 1", as `SCRIPT LOAD "return 1"` answers.
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }
}
