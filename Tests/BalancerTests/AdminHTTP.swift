/// The admin listener as tests address it: its port and bearer token, and a Host naming it (the
/// listener refuses other host names, see AdminAccess).
struct AdminEndpoint: Sendable {
    let port: Int
    let token: String
    var host: String { "127.0.0.1:\(port)" }

    func headers(_ extra: [String: String]) -> [String: String] {
        extra.merging(["Authorization": "Bearer \(token)"]) { mine, _ in mine }
    }
}

extension RawHTTP {
    static func get(_ admin: AdminEndpoint, _ path: String, headers: [String: String] = [:]) throws -> Response? {
        try get(admin.port, path, host: admin.host, headers: admin.headers(headers))
    }

    static func request(_ admin: AdminEndpoint, method: String, path: String, body: String = "", headers: [String: String] = [:]) throws -> Response? {
        try request(admin.port, method: method, path: path, body: body, host: admin.host, headers: admin.headers(headers))
    }

    /// `count` GETs on one keep-alive connection, all with `X-API-Key: key` (none when nil).
    static func burst(_ port: Int, count: Int, key: String?) throws -> [Int] {
        try burst(port, count: count) { _ in key.map { ["X-API-Key": $0] } ?? [:] }
    }

    /// `count` GETs on one keep-alive connection, each with the headers `headers(i)` returns;
    /// the statuses in order (0 for a request the connection did not answer).
    static func burst(_ port: Int, count: Int, path: String = "/", headers: (Int) -> [String: String]) throws -> [Int] {
        let c = try RawHTTP(port: port)
        var statuses: [Int] = []
        for i in 0..<count {
            var req = "GET \(path) HTTP/1.1\r\nHost: test.local\r\n"
            for (k, v) in headers(i) { req += "\(k): \(v)\r\n" }
            c.send(req + "\r\n")
            statuses.append(c.readResponse()?.status ?? 0)
        }
        return statuses
    }
}

extension Fixture {
    /// Issues an API key through the admin API: the plaintext key and its client key (`key:<id>`).
    func issueKey(_ name: String, tier: String = "standard", multiplier: Double = 1) throws -> (key: String, client: String) {
        let r = try RawHTTP.request(admin, method: "POST", path: "/api-keys", body: #"{"name":"\#(name)","tier":"\#(tier)","multiplier":\#(multiplier)}"#)
        guard let r, r.status == 201,
              let key = AdminEndpointJSON.string(r.body, "key"), let client = AdminEndpointJSON.string(r.body, "client")
        else { throw AdminEndpointJSON.Failure(body: r?.body ?? "no answer") }
        return (key, client)
    }
}

enum AdminEndpointJSON {
    struct Failure: Error { var body: String }
    static func string(_ body: String, _ field: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        return object?[field] as? String
    }
}

import Foundation
