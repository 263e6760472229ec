import Foundation

/// Where the data lives: `sqlite://relative/or/absolute/path.sqlite`, `sqlite::memory:`, or a
/// `postgres://user:pass@host:port/db` URL (also `postgresql://`).
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case sqliteMemory
    case postgres(String)

    public static let defaultURL = "sqlite://data/wave3.sqlite"

    public init(parsing raw: String) throws {
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" {
            self = .sqliteMemory
        } else if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseError.invalidURL(raw) }
            self = .sqlite(path: path)
        } else if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            self = .postgres(raw)
        } else {
            throw DatabaseError.invalidURL(raw)
        }
    }
}
