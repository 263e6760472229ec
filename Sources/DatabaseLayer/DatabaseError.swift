/// Storage failures that callers can act on; everything else surfaces as the driver's error.
public enum DatabaseError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case migrationFailed(file: String, reason: String)
    case migrationsDirectoryMissing(String)
    case notFound
    case conflict(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "unsupported database URL '\(url)' (use sqlite://path or postgres://user:pass@host:port/db)"
        case .migrationFailed(let file, let reason): "migration \(file) failed: \(reason)"
        case .migrationsDirectoryMissing(let path): "no migrations directory at \(path) (run from the project's root or set WAVE3_MIGRATIONS_DIR)"
        case .notFound: "not found"
        case .conflict(let what): "conflict: \(what)"
        }
    }
}
