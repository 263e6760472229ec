import Foundation
import Testing
@testable import Wave3API

/// The server enforces what `Resources/openapi.json` states, no more and no less (docs/schemathesis.md):
/// lengths in code points, "not blank" over the schema's whitespace set, an empty enumeration query
/// refused rather than read as absent, a required-nullable field sent as `null`.
@Suite struct SchemaEnforcementTests {
    @Test func emptyEnumerationQueriesAreRefused() async throws {
        try await TestEnvironment.withApp { client, services in
            let admin = try await client.admin(services)
            #expect(try await client.send(.get, "/api/v1/experiments?status=", token: admin.token).errorCode == "invalid_status")
            #expect(try await client.send(.get, "/api/v1/experiments", token: admin.token).status == .ok)
            #expect(try await client.send(.get, "/api/v1/lessons?difficulty=").errorCode == "invalid_difficulty")
            #expect(try await client.send(.get, "/api/v1/notifications?unread=", token: admin.token).errorCode == "invalid_unread")
            let path = "/api/v1/learners/\(admin.userId)/recommendations?algorithm="
            #expect(try await client.send(.get, path, token: admin.token).errorCode == "invalid_algorithm")
        }
    }

    @Test func theLastNotificationPageSaysNull() async throws {
        try await TestEnvironment.withApp { client, _ in
            let learner = try await client.register("page@example.org")
            let page = try await client.send(.get, "/api/v1/notifications", token: learner.token)
            #expect(page.status == .ok)
            #expect(page.text.contains(#""nextCursor":null"#), "\(page.text)")
        }
    }

    @Test func lengthsAreCodePointsAndBlankMeansTheSchemasWhitespace() async throws {
        try await TestEnvironment.withApp { client, services in
            let admin = try await client.admin(services)
            // 200 "e" + combining acute: 200 grapheme clusters, 400 code points, over the schema's maxLength 200.
            let combining = String(repeating: "e\u{301}", count: 200)
            let broadcast = #"{"type":"news","title":"\#(combining)","body":"b"}"#
            #expect(try await client.send(.post, "/api/v1/admin/notifications", token: admin.token, json: broadcast).errorCode == "invalid_title")
            // Letters outside ASCII are not in the schema's type pattern, and neither is a padded type.
            for type in ["caf\u{e9}", " news"] {
                let json = #"{"type":"\#(type)","title":"t","body":"b"}"#
                #expect(try await client.send(.post, "/api/v1/admin/notifications", token: admin.token, json: json).errorCode == "invalid_type", "\(type)")
            }
            let blank = #"{"key":"blank","name":" \u0085\u00a0\u3000","variants":[{"key":"a","weight":0.5},{"key":"b","weight":0.5}],"metrics":[{"name":"m","type":"numeric","primary":true}]}"#
            #expect(try await client.send(.post, "/api/v1/experiments", token: admin.token, json: blank).errorCode == "invalid_name")
            // A control character that is not whitespace makes the name non-blank, as the schema's pattern says.
            let control = blank.replacingOccurrences(of: "blank", with: "ctl").replacingOccurrences(of: #"\u0085"#, with: #"\u001c"#)
            #expect(try await client.send(.post, "/api/v1/experiments", token: admin.token, json: control).status == .created)
            let lesson = #"{"title":"\u2003\t","subject":"math","content":"c","estimatedMinutes":5}"#
            #expect(try await client.send(.post, "/api/v1/lessons", token: admin.token, json: lesson).errorCode == "invalid_title")
            let classify = #"{"content":"\u2028 \u205f"}"#
            #expect(try await client.send(.post, "/api/v1/difficulty/classify", token: admin.token, json: classify).errorCode == "invalid_content")
            let skill = #"{"skill":"\#(String(repeating: "a\u{308}", count: 40))"}"#
            #expect(try await client.send(.post, "/api/v1/mastery/predict", token: admin.token, json: skill).errorCode == "invalid_skill")
        }
    }

    /// The schema's pattern is `TextRule.nonBlankPattern` wherever it appears, and a regex engine
    /// reading it agrees with `TextRule.isBlank` on every scalar of the Basic Multilingual Plane.
    @Test func theSchemasPatternIsTheServersRule() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        for (schema, field) in [("ExperimentInput", "name"), ("LessonInput", "title"), ("ClassifyRequest", "content")] {
            let property = try #require((schemas[schema]?["properties"] as? [String: [String: Any]])?[field])
            #expect(property["pattern"] as? String == TextRule.nonBlankPattern, "\(schema).\(field)")
        }
        let regex = try NSRegularExpression(pattern: TextRule.nonBlankPattern)
        var checked = 0
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(Character(scalar))
            let matches = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            #expect(matches == !TextRule.isBlank(text), "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 60_000)
    }
}
