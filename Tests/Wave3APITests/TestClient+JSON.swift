import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import Wave3API

struct Session: Sendable {
    let token: String
    let userId: String
}

extension TestClientProtocol {
    /// Sends a request with an optional JSON body and bearer token.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func register(_ email: String, password: String = "correct horse battery", name: String = "Tester") async throws -> Session {
        let response = try await send(.post, "/api/v1/auth/register", json: #"{"email":"\#(email)","password":"\#(password)","displayName":"\#(name)"}"#)
        #expect(response.status == .created, "register \(email): \(String(buffer: response.body))")
        let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        let user = body?["user"] as? [String: Any]
        return Session(token: body?["token"] as? String ?? "", userId: user?["id"] as? String ?? "")
    }

    /// An admin session: registers, promotes in the database, logs in again for a token with the role.
    func admin(_ services: AppServices, email: String = "admin@example.org") async throws -> Session {
        let session = try await register(email)
        try await services.users.setRole(id: session.userId, role: "admin")
        let response = try await send(.post, "/api/v1/auth/login", json: #"{"email":"\#(email)","password":"correct horse battery"}"#)
        let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return Session(token: body?["token"] as? String ?? "", userId: session.userId)
    }
}

extension TestResponse {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var text: String { String(buffer: body) }
}
