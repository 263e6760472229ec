import Foundation

/// A board by name: `all-time`, `weekly` (the current ISO week), `subject-{subject id}`.
public enum LeaderboardBoard: Sendable, Hashable {
    case allTime
    case weekly(ISOWeek)
    case subject(String)

    /// Parses a board name from a URL; nil for anything else (the controller answers 404).
    public init?(name: String, now: Int64) {
        switch name {
        case "all-time": self = .allTime
        case "weekly": self = .weekly(ISOWeek(millis: now))
        default:
            guard name.hasPrefix("subject-") else { return nil }
            let subject = String(name.dropFirst("subject-".count))
            guard (1...100).contains(subject.count),
                  subject.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
            self = .subject(subject)
        }
    }

    public var name: String {
        switch self {
        case .allTime: "all-time"
        case .weekly: "weekly"
        case .subject(let id): "subject-\(id)"
        }
    }

    /// The Redis key's suffix: weekly boards carry their week so a new week starts empty.
    public var storageKey: String {
        switch self {
        case .allTime: "all-time"
        case .weekly(let week): "weekly:\(week.label)"
        case .subject(let id): "subject:\(id)"
        }
    }
}

/// An ISO-8601 week (Monday to Sunday, UTC), for the weekly board.
public struct ISOWeek: Sendable, Hashable {
    public let year: Int
    public let week: Int
    /// First millisecond of the week and first of the next.
    public let start: Int64
    public let end: Int64

    public init(millis: Int64) {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        year = components.yearForWeekOfYear ?? 1970
        week = components.weekOfYear ?? 1
        let monday = calendar.dateInterval(of: .weekOfYear, for: date)!
        start = Int64((monday.start.timeIntervalSince1970 * 1000).rounded())
        end = Int64((monday.end.timeIntervalSince1970 * 1000).rounded())
    }

    public var label: String { String(format: "%04d-W%02d", year, week) }

    /// A weekly board stays readable through the following week, then Redis drops it.
    public var expiresAtSeconds: Int64 { (end + 7 * 86_400_000) / 1000 }
}
