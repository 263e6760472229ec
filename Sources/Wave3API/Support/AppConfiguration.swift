import Foundation
import Logging
import Redis
import Storage

/// Everything `wave3 serve` reads from flags and the environment (README: Configuration).
public struct AppConfiguration: Sendable {
    public var hostname: String = "127.0.0.1"
    public var port: Int = 8080
    public var databaseURL: String = DatabaseURL.defaultURL
    public var jwtSecret: String = AppConfiguration.developmentSecret
    public var jwtSecretIsDefault: Bool = true
    public var production: Bool = false
    public var publicDirectory: String = "Public"
    public var migrationsDirectory: String = "migrations"
    /// Apply pending migrations at start (`WAVE3_MIGRATE_ON_START=1`); off by default so that only
    /// one deliberate step changes a production schema.
    public var migrateOnStart: Bool = false
    /// bcrypt cost; 12 in production, lowered in tests to keep them fast.
    public var bcryptCost: UInt8 = 12
    /// Access tokens are short-lived; refresh tokens (rotated on use) keep a session going.
    public var tokenLifetime: TimeInterval = 15 * 60
    public var refreshTokenLifetime: TimeInterval = 30 * 86_400
    /// The secret in force before a rotation (`WAVE3_JWT_PREVIOUS_SECRET`): still accepted, never used to sign.
    public var jwtPreviousSecret: String?
    /// Take the client IP for the login throttle from the last `X-Forwarded-For` entry (the one the
    /// balancer appends) instead of the peer address: set only behind the balancer.
    public var trustForwardedFor: Bool = false
    public var loginThrottle = LoginThrottlePolicy()
    /// Largest request body accepted, in bytes.
    public var maxBodySize: Int = 1 << 20
    public var logLevel: Logger.Level = .info
    public var jsonLogs: Bool = true
    /// How often a replica checks for a newly activated learning-model version.
    public var modelRefreshInterval: Duration = .seconds(5)
    /// Broker, worker and WebSocket settings (issue 12).
    public var notifications = NotificationSettings()
    /// Redis for leaderboards and shared caches (issue 11, docs/redis.md); nil: the database alone.
    public var redisURL: String?
    /// Prefix of every Redis key and channel this deployment uses (`WAVE3_REDIS_NAMESPACE`).
    public var redisNamespace: String = "wave3:"
    /// How long shared-cache entries live at most (`WAVE3_CACHE_LESSON_TTL_SECONDS`,
    /// `WAVE3_CACHE_RECOMMENDATION_TTL_SECONDS`); writes drop them sooner (docs/redis.md).
    public var lessonCacheTTL: Duration = .seconds(300)
    public var recommendationCacheTTL: Duration = .seconds(60)
    /// Serve each connection from a task on its own event loop (`WAVE3_CONNECTIONS_ON_EVENT_LOOPS`):
    /// cheaper for routes that await Redis, dearer for the cheapest routes; off by default (docs/redis.md).
    public var connectionsOnEventLoops = false

    public static let developmentSecret = "wave3-development-secret-change-me"

    public init() {}

    /// Reads the `WAVE3_*` variables over the defaults; refuses a production start without a secret.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var config = AppConfiguration()
        if let url = environment["WAVE3_DATABASE_URL"], !url.isEmpty { config.databaseURL = url }
        if let url = environment["WAVE3_REDIS_URL"], !url.isEmpty {
            do { _ = try RedisURL(url) } catch { throw ConfigurationError("WAVE3_REDIS_URL: \(error)") }
            config.redisURL = url
        }
        if let namespace = environment["WAVE3_REDIS_NAMESPACE"], !namespace.isEmpty { config.redisNamespace = namespace }
        for (name, path) in [("WAVE3_CACHE_LESSON_TTL_SECONDS", \AppConfiguration.lessonCacheTTL),
                             ("WAVE3_CACHE_RECOMMENDATION_TTL_SECONDS", \AppConfiguration.recommendationCacheTTL)] {
            guard let raw = environment[name], !raw.isEmpty else { continue }
            guard let seconds = Int(raw), (1...86_400).contains(seconds) else { throw ConfigurationError("\(name) must be 1 to 86400 seconds") }
            config[keyPath: path] = .seconds(seconds)
        }
        if let dir = environment["WAVE3_PUBLIC_DIR"], !dir.isEmpty { config.publicDirectory = dir }
        if let dir = environment["WAVE3_MIGRATIONS_DIR"], !dir.isEmpty { config.migrationsDirectory = dir }
        config.production = environment["WAVE3_ENV"] == "production"
        if let secret = environment["WAVE3_JWT_SECRET"], !secret.isEmpty {
            // HS256 needs a key at least as long as its 32-byte output to be worth anything.
            guard secret.utf8.count >= 32 else { throw ConfigurationError("WAVE3_JWT_SECRET must be at least 32 bytes") }
            config.jwtSecret = secret
            config.jwtSecretIsDefault = false
        } else if config.production {
            throw ConfigurationError("WAVE3_JWT_SECRET is required when WAVE3_ENV=production")
        }
        if let previous = environment["WAVE3_JWT_PREVIOUS_SECRET"], !previous.isEmpty {
            guard previous.utf8.count >= 32 else { throw ConfigurationError("WAVE3_JWT_PREVIOUS_SECRET must be at least 32 bytes") }
            config.jwtPreviousSecret = previous
        }
        if let minutes = environment["WAVE3_ACCESS_TOKEN_MINUTES"].flatMap(Int.init), (1...1440).contains(minutes) {
            config.tokenLifetime = TimeInterval(minutes * 60)
        }
        if let flag = environment["WAVE3_TRUST_FORWARDED_FOR"] { config.trustForwardedFor = ["1", "true", "yes"].contains(flag.lowercased()) }
        if let flag = environment["WAVE3_CONNECTIONS_ON_EVENT_LOOPS"] { config.connectionsOnEventLoops = ["1", "true", "yes"].contains(flag.lowercased()) }
        if let flag = environment["WAVE3_MIGRATE_ON_START"] { config.migrateOnStart = ["1", "true", "yes"].contains(flag.lowercased()) }
        if let cost = environment["WAVE3_BCRYPT_COST"].flatMap(UInt8.init), (4...31).contains(cost) { config.bcryptCost = cost }
        if let level = environment["WAVE3_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) { config.logLevel = level }
        if let format = environment["WAVE3_LOG_FORMAT"] { config.jsonLogs = format != "text" }
        try config.notifications.read(environment)
        return config
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
