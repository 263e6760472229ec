import Foundation

/// The admin API of API.md ("Balancer admin API"). JSON in camelCase; errors as
/// {"error": {"code", "message"}}.
struct AdminAPI: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        var body: String
    }

    struct Response: Sendable {
        var status: Int
        var body: String
        var contentType = "application/json"
    }

    let server: BalancerServer

    func handle(_ request: Request) async -> Response {
        let path = String(request.path.split(separator: "?", maxSplits: 1).first ?? "/")
        let parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        if parts.count == 2, ["vip", "reputation", "api-keys"].contains(parts[0]), !Self.validClient(parts[1]) {
            return error(400, "invalid_client", "a client key is 1 to \(Self.maxClientKeyBytes) bytes of printable ASCII")
        }
        switch (request.method, parts.first ?? "") {
        case ("GET", "stats"): return json(await stats())
        case ("GET", "metrics"): return await metrics()
        case ("GET", "policy"): return json(PolicyView(policy: server.policy().rawValue, available: PolicyKind.allCases.map(\.rawValue)))
        case ("PUT", "policy"):
            guard let body = decode([String: String].self, request.body), let name = body["policy"], let kind = PolicyKind(name: name) else {
                return error(400, "invalid_policy", "expected {\"policy\": one of \(PolicyKind.allCases.map(\.rawValue))}")
            }
            server.setPolicy(kind)
            return json(["policy": kind.rawValue])
        case ("GET", "vip") where parts.count == 1:
            return json(server.vips())
        case (_, "vip") where parts.count == 2:
            let client = parts[1]
            switch request.method {
            case "GET":
                guard let e = server.vips()[client] else { return error(404, "not_found", "\(client) has no VIP tier") }
                return json(e)
            case "PUT":
                guard let e = decode(VIPEntry.self, request.body), e.isValid else {
                    return error(400, "invalid_vip", "expected {\"tier\": \"vip|premium|standard\", \"multiplier\": number in (0, \(Int(VIPEntry.maxMultiplier))], \"notes\": at most \(VIPEntry.maxNotesLength) bytes}")
                }
                do { try await server.setVIP(client, e) } catch { return persistenceFailed(error) }
                return json(e)
            case "DELETE":
                do { try await server.setVIP(client, nil) } catch { return persistenceFailed(error) }
                return Response(status: 204, body: "")
            default: return error(405, "method_not_allowed", "use GET, PUT or DELETE")
            }
        case ("GET", "reputation") where parts.count == 2:
            let s = server.reputation.score(for: parts[1], now: monotonicNanos())
            return json(ReputationView(client: parts[1], score: s.score, limitMultiplier: s.limitMultiplier, violations: s.violations, cleanRequests: s.cleanRequests))
        case ("DELETE", "reputation") where parts.count == 2:
            do { try await server.resetReputation(client: parts[1]) } catch { return persistenceFailed(error) }
            return Response(status: 204, body: "")
        case (_, "api-keys"): return await apiKeys(request, parts: parts)
        case ("GET", "anomalies"): return json(server.anomalies())
        case ("GET", "flags"): return json(server.flags())
        case ("PUT", "flags"):
            guard let flags = decode(FeatureFlags.self, request.body),
                  [flags.limiter, flags.reputation, flags.anomalyDetection, flags.affinity].allSatisfy({ (0...100).contains($0.rolloutPercent) }) else {
                return error(400, "invalid_flags", "expected {limiter, reputation, anomalyDetection, affinity} each {enabled, rolloutPercent 0-100}")
            }
            server.setFlags(flags)
            return json(flags)
        case ("GET", "upstreams"): return json(await server.upstreamViews())
        case ("GET", "dashboard"): return Response(status: 200, body: Dashboard.html, contentType: "text/html; charset=utf-8")
        case ("GET", "health"): return json(["status": "ok"])
        case (_, "models"), (_, "ab"), (_, "learning"): return await learningRoutes(request, parts: parts)
        default: return error(404, "not_found", "no admin route \(request.method) \(path)")
        }
    }

    struct PolicyView: Codable {
        var policy: String
        var available: [String]
    }

    struct ReputationView: Codable {
        var client: String
        var score: Double
        var limitMultiplier: Double
        var violations: Int
        var cleanRequests: Int
    }

    func stats() async -> BalancerStats { await server.stats() }

    func metrics() async -> Response {
        await server.refreshGauges()
        await server.publishMetrics()
        return Response(status: 200, body: server.metrics.emitToString(), contentType: "text/plain; version=0.0.4")
    }

    func json<T: Encodable>(_ value: T, status: Int = 200) -> Response {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        guard let data = try? enc.encode(value), let s = String(data: data, encoding: .utf8) else {
            return error(500, "encoding_failed", "could not encode the response")
        }
        return Response(status: status, body: s)
    }

    func decode<T: Decodable>(_ type: T.Type, _ body: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(body.utf8))
    }

    /// Longest client key the admin API accepts in a path: longer than any the balancer derives
    /// (`user:` + a subject, `key:` + an id, `ip:` + an address).
    static let maxClientKeyBytes = 256

    static func validClient(_ client: String) -> Bool {
        !client.isEmpty && client.utf8.count <= maxClientKeyBytes && client.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The change was not stored: say so rather than answer as if it had been.
    func persistenceFailed(_ failure: any Error) -> Response {
        server.logger.error("admin change not persisted", metadata: ["error": "\(failure)"])
        return error(503, "persistence_failed", "the change could not be stored and was not applied; retry later")
    }

    func error(_ status: Int, _ code: String, _ message: String) -> Response {
        Response(status: status, body: String(decoding: JSONError.body(code: code, message: message, allocator: .init()).readableBytesView, as: UTF8.self))
    }
}
