import Crypto
import Foundation

/// Who may use the admin listener: the bearer token `BALANCER_ADMIN_TOKEN`, a `Host` that names
/// this listener (a DNS-rebinding page reaches it under the attacker's host name), and for the
/// dashboard's WebSocket an `Origin` of that same host. Pure checks, no I/O.
public struct AdminAccess: Sendable {
    public enum Denial: Equatable, Sendable {
        case host, origin, token

        var status: Int { self == .token ? 401 : 403 }
        var code: String {
            switch self {
            case .host: return "forbidden_host"
            case .origin: return "forbidden_origin"
            case .token: return "unauthorized"
            }
        }
        var message: String {
            switch self {
            case .host: return "the Host header does not name this admin listener"
            case .origin: return "the Origin does not match the admin listener"
            case .token: return "the admin API needs Authorization: Bearer <BALANCER_ADMIN_TOKEN>"
            }
        }
    }

    let tokenDigest: SHA256Digest
    /// Host names besides IP literals and `localhost` that reach this listener (lower-cased):
    /// its own bind host and `BALANCER_ADMIN_HOSTS` (e.g. the compose service name Prometheus uses).
    let allowedHosts: Set<String>

    public init(token: String, listenerHost: String, extraHosts: [String] = []) {
        self.tokenDigest = SHA256.hash(data: Data(token.utf8))
        var hosts = Set(extraHosts.map { $0.lowercased() }.filter { !$0.isEmpty })
        hosts.insert("localhost")
        hosts.insert(listenerHost.lowercased())
        self.allowedHosts = hosts
    }

    /// A missing Host is allowed: browsers always send one, so its absence is not a rebinding.
    /// IP literals are allowed: a page can only send one when its own origin is that address.
    /// The port is not compared, so port forwarding (`kubectl port-forward 19090:9090`) works.
    public func hostAllowed(_ host: String?) -> Bool {
        guard let host, !host.isEmpty else { return true }
        guard let name = Self.hostName(host) else { return false }
        return allowedHosts.contains(name) || Self.isIPLiteral(name)
    }

    /// Browsers send `Origin` on every WebSocket handshake; it must be this listener, as named by
    /// the request's own (already checked) Host. Non-browser clients send none.
    public func originAllowed(_ origin: String?, host: String?) -> Bool {
        guard let origin else { return true }
        guard let host, let url = URLComponents(string: origin), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let originHost = url.host?.lowercased() else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority == host.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Constant time in the token's content: compares digests, so neither length nor a common
    /// prefix leaks through timing.
    public func tokenValid(_ presented: String?) -> Bool {
        guard let presented, !presented.isEmpty, presented.utf8.count <= 4096 else { return false }
        let digest = SHA256.hash(data: Data(presented.utf8))
        var diff: UInt8 = 0
        for (a, b) in zip(digest, tokenDigest) { diff |= a ^ b }
        return diff == 0
    }

    /// The token of `Authorization: Bearer …`, or of `?token=` for the dashboard's WebSocket
    /// (a browser cannot set headers on a WebSocket handshake).
    public static func presentedToken(authorization: String?, path: String, allowQuery: Bool) -> String? {
        if let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " {
            return String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        guard allowQuery, let query = URLComponents(string: path)?.queryItems else { return nil }
        return query.first { $0.name == "token" }?.value
    }

    public func check(method: String, path: String, host: String?, origin: String?, authorization: String?) -> Denial? {
        guard hostAllowed(host) else { return .host }
        let route = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let socket = route == "/dashboard/ws"
        if socket, !originAllowed(origin, host: host) { return .origin }
        // The page itself is static and holds no data: a browser navigating to it cannot attach a
        // header, so it reads the token from the URL fragment and sends it with every call.
        if method == "GET", route == "/dashboard" { return nil }
        let token = Self.presentedToken(authorization: authorization, path: path, allowQuery: socket)
        return tokenValid(token) ? nil : .token
    }

    static func hostName(_ host: String) -> String? {
        let h = host.trimmingCharacters(in: .whitespaces).lowercased()
        if h.hasPrefix("[") {
            guard let close = h.firstIndex(of: "]") else { return nil }
            return String(h[h.index(after: h.startIndex)..<close])
        }
        let parts = h.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.first, !name.isEmpty else { return nil }
        if parts.count == 2, Int(parts[1]) == nil { return nil }
        return String(name)
    }

    static func isIPLiteral(_ name: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }
}

/// Where the admin token comes from: `BALANCER_ADMIN_TOKEN`, or one generated for this run
/// (printed at start) unless the environment is production, where a guessable or forgotten
/// token must not be possible.
public enum AdminToken {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "BALANCER_ADMIN_TOKEN is required when WAVE3_ENV=production" }
    }

    public static func resolve(configured: String?, production: Bool) throws -> (token: String, generated: Bool) {
        if let configured, !configured.isEmpty { return (configured, false) }
        if production { throw Missing() }
        return (generate(), true)
    }

    /// 32 random bytes, base64url: safe in a header, a query string and a URL fragment.
    public static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return base64URL(bytes)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
