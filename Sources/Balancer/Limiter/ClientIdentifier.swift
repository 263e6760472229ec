import Crypto
import Foundation

/// Derives the key a client is limited under: the JWT subject when the bearer token verifies
/// (HS256 with `WAVE3_JWT_SECRET`, or `WAVE3_JWT_PREVIOUS_SECRET` during a rotation), else the
/// issued API key (`key:<id>`) when its secret verifies, else the peer IP. Anything unverified
/// counts as absent rather than trusted: otherwise anyone could mint a fresh identity per request
/// and escape the limiter, or send someone else's key to spend their reputation.
///
/// One instance per event loop: the cache of verified tokens is loop-local, so repeated requests
/// with the same token cost a dictionary lookup instead of an HMAC.
public final class ClientIdentifier {
    /// The current secret first: during a rotation most tokens are already signed with it.
    private let secrets: [SymmetricKey]
    private var verified: [Substring: (subject: String, expiresAt: Int64)] = [:]
    private let cacheLimit = 10_000
    /// Issued API keys, replaced by the server whenever one is issued or revoked.
    public var keys = APIKeyTable()

    public init(jwtSecret: String?, previousSecret: String? = nil) {
        self.secrets = [jwtSecret, previousSecret].compactMap { s in
            guard let s, !s.isEmpty else { return nil }
            return SymmetricKey(data: Data(s.utf8))
        }
    }

    /// - Parameters:
    ///   - authorization: the `Authorization` header value, if any.
    ///   - apiKey: the `X-API-Key` header value, if any.
    ///   - peer: the remote IP as text.
    public func clientKey(authorization: String?, apiKey: String?, peer: String) -> String {
        if let authorization, !secrets.isEmpty, authorization.count > 7,
           authorization.prefix(7).lowercased() == "bearer ",
           let subject = subject(ofToken: authorization.dropFirst(7), nowSeconds: Int64(Date().timeIntervalSince1970)) {
            return "user:" + subject
        }
        if let apiKey, let client = keys.verify(Substring(apiKey)) {
            return client
        }
        return "ip:" + peer
    }

    func subject(ofToken token: Substring, nowSeconds: Int64) -> String? {
        if let hit = verified[token] {
            if hit.expiresAt > nowSeconds { return hit.subject }
            verified[token] = nil
            return nil
        }
        guard !secrets.isEmpty, token.utf8.count < 4096 else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Self.base64URLDecode(parts[0]),
              let payloadData = Self.base64URLDecode(parts[1]),
              let signature = Self.base64URLDecode(parts[2]),
              let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              (header["alg"] as? String) == "HS256"
        else { return nil }
        // Only the canonical spelling of the signature: the unused low bits of its last base64
        // character would otherwise give every token a few equivalent spellings (found by the
        // request-head fuzz test).
        guard Self.base64URLEncode(signature) == parts[2] else { return nil }
        let signed = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard secrets.contains(where: { HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: $0) }) else { return nil }
        guard let payload = try? JSONSerialization.jsonObject(with: payloadData) as? [String: Any],
              let sub = payload["sub"].map({ "\($0)" }), !sub.isEmpty
        else { return nil }
        let exp = (payload["exp"] as? NSNumber)?.int64Value ?? Int64.max
        guard exp > nowSeconds else { return nil }
        if let nbf = (payload["nbf"] as? NSNumber)?.int64Value, nbf > nowSeconds + 60 { return nil }
        if verified.count >= cacheLimit { verified.removeAll(keepingCapacity: true) }
        verified[token] = (sub, exp)
        return sub
    }

    static func base64URLEncode(_ d: Data) -> String {
        d.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ s: Substring) -> Data? {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t)
    }
}

extension ClientIdentifier {
    /// Mints an HS256 token: for tests, benchmarks and local tooling, not used on the request path.
    public static func signHS256(claims: [String: Any], secret: String) -> String {
        let b64 = base64URLEncode
        let header = b64(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let payload = b64((try? JSONSerialization.data(withJSONObject: claims)) ?? Data())
        let mac = HMAC<SHA256>.authenticationCode(for: Data((header + "." + payload).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return header + "." + payload + "." + b64(Data(mac))
    }
}
