import Foundation
import Testing
@testable import Wave3API

/// The hand-written JSON of hot responses parses back to exactly what was written, whatever the
/// strings hold.
@Suite struct JSONTextTests {
    @Test func stringsWithQuotesControlsAndUnicodeRoundTrip() throws {
        let nasty = ["plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "\u{0}\u{1}\u{1f}", "Zoë 👩‍🎓 学", "</script>", ""]
        var json = JSONText()
        json.beginObject()
        json.key("names"); json.beginArray()
        for name in nasty { json.string(name) }
        json.endArray()
        json.key("n"); json.integer(Int64.min)
        json.key("empty"); json.beginObject(); json.endObject()
        json.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(parsed["names"] as? [String] == nasty)
        #expect((parsed["n"] as? NSNumber)?.int64Value == Int64.min)
        #expect((parsed["empty"] as? [String: Any])?.isEmpty == true)
    }
}
