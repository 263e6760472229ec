/// `redis://[:password@]host[:port][/db]` (a user name before the colon is accepted and sent
/// with AUTH, as Redis 6 ACLs expect).
public struct RedisURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var database: Int

    public init(host: String, port: Int = 6379, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    public init(_ text: String) throws {
        guard text.hasPrefix("redis://") else { throw RedisError.invalidURL("expected redis://[:password@]host:port[/db]") }
        var rest = Substring(text.dropFirst("redis://".count))
        var user: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let name = credentials[..<colon]
                user = name.isEmpty ? nil : Self.unescape(name)
                password = Self.unescape(credentials[credentials.index(after: colon)...])
            } else {
                password = Self.unescape(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...].prefix { $0 != "?" }
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else { throw RedisError.invalidURL("database must be a number: \(path)") }
                database = number
            }
            rest = rest[..<slash]
        }
        var port = 6379
        var host = String(rest)
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw RedisError.invalidURL("bad port in \(rest)")
            }
            port = number
            host = String(rest[..<colon])
        }
        guard !host.isEmpty else { throw RedisError.invalidURL("missing host") }
        self.init(host: host, port: port, user: user, password: password, database: database)
    }

    private static func unescape(_ text: Substring) -> String {
        String(text).removingPercentEncodingOrSelf
    }
}

extension String {
    /// Percent-decoding without Foundation: `%40` → `@`; malformed escapes are kept as written.
    var removingPercentEncodingOrSelf: String {
        var bytes: [UInt8] = []
        var iterator = Array(utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
               let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
