import Foundation

/// Timestamps cross the API as ISO 8601 strings and are stored as epoch milliseconds.
enum ISO8601 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    static func string(fromMillis millis: Int64) -> String {
        withFraction.format(Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// Accepts `2026-11-23T10:00:00Z` and `2026-11-23T10:00:00.123Z`.
    static func millis(from text: String) -> Int64? {
        guard text.count <= 64 else { return nil }
        if let date = try? withFraction.parse(text) { return Int64(date.timeIntervalSince1970 * 1000) }
        if let date = try? plain.parse(text) { return Int64(date.timeIntervalSince1970 * 1000) }
        return nil
    }
}
