import Foundation

/// `POST /api-keys` (the plaintext key is in this answer only), `GET /api-keys`,
/// `DELETE /api-keys/{id}` (revoke).
extension AdminAPI {
    struct KeyRequest: Decodable {
        var name: String
        var tier: PriorityClass?
        var multiplier: Double?
    }

    struct KeyView: Codable {
        var id: String
        var name: String
        var tier: String
        var multiplier: Double
        var client: String
        var createdAtMs: Int64
        /// Only in the answer to `POST`: it cannot be shown again.
        var key: String?

        init(_ r: APIKeyRecord, key: String? = nil) {
            id = r.id
            name = r.name
            tier = r.tier.rawValue
            multiplier = r.multiplier
            client = r.clientKey
            createdAtMs = r.createdAtMs
            self.key = key
        }
    }

    func apiKeys(_ request: Request, parts: [String]) async -> Response {
        switch (request.method, parts.count) {
        case ("GET", 1):
            return json(server.apiKeys().map { KeyView($0) })
        case ("POST", 1):
            guard let body = decode(KeyRequest.self, request.body) else {
                return error(400, "invalid_api_key", "expected {\"name\": text, \"tier\": \"standard|premium|vip\", \"multiplier\": number}")
            }
            do {
                let issued = try await server.issueKey(name: body.name, tier: body.tier ?? .standard, multiplier: body.multiplier ?? 1)
                return json(KeyView(issued.record, key: issued.plaintext), status: 201)
            } catch BalancerServer.KeyError.invalidName {
                return error(400, "invalid_api_key", "name must be 1 to \(BalancerServer.maxKeyNameLength) bytes")
            } catch BalancerServer.KeyError.invalidMultiplier {
                return error(400, "invalid_api_key", "multiplier must be in (0, \(Int(VIPEntry.maxMultiplier))]")
            } catch {
                return persistenceFailed(error)
            }
        case ("GET", 2):
            guard let r = server.keys.record(id: parts[1]) else { return error(404, "not_found", "no API key \(parts[1])") }
            return json(KeyView(r))
        case ("DELETE", 2):
            do {
                guard try await server.revokeKey(id: parts[1]) != nil else { return error(404, "not_found", "no API key \(parts[1])") }
                return Response(status: 204, body: "")
            } catch {
                return persistenceFailed(error)
            }
        default:
            return error(405, "method_not_allowed", "use GET or POST /api-keys, GET or DELETE /api-keys/{id}")
        }
    }
}
