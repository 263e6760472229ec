import Foundation

/// Milliseconds since the epoch, the timestamp unit of every table.
public enum Timestamp {
    public static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
