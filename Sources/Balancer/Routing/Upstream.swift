/// One replica address. `name` ("host:port") is its identity everywhere: metrics labels,
/// `X-Upstream`, affinity cookies, the admin API.
public struct Upstream: Sendable, Hashable, Codable {
    public var host: String
    public var port: Int
    public var name: String { "\(host):\(port)" }

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses "host:port", "http://host:port" or ":port".
    public init?(parsing text: String) {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("http://") { s.removeFirst(7) }
        while s.hasSuffix("/") { s.removeLast() }
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (1...65535).contains(port) else {
            return nil
        }
        let host = String(s[..<colon])
        self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
    }

    public static func parseList(_ text: String) -> [Upstream] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == " " })
            .map { String($0) }
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
            .compactMap { Upstream(parsing: $0) }
    }
}

import Foundation
