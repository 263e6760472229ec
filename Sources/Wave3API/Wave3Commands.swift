import Foundation
import Hummingbird
import Logging
import Storage

/// What each `wave3` subcommand does; the executable only parses arguments and calls these.
public enum Wave3Commands {
    /// What every subcommand starts with: the configuration from the environment, and the log
    /// format installed once per process.
    public static func configurationFromEnvironment() throws -> AppConfiguration {
        let configuration = try AppConfiguration.fromEnvironment()
        bootstrapLogging(configuration)
        return configuration
    }

    /// Installs the log format once per process.
    public static func bootstrapLogging(_ configuration: AppConfiguration) {
        let level = configuration.logLevel
        if configuration.jsonLogs {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        } else {
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    public static func serve(_ configuration: AppConfiguration) async throws {
        let logger = Logger(label: "wave3")
        if configuration.jwtSecretIsDefault {
            logger.warning("WAVE3_JWT_SECRET is not set: using the development secret; never do this in production")
        }
        try await withServices(configuration, logger: logger, migrating: configuration.migrateOnStart) { services in
            // Start on the active learning models rather than the defaults until the first poll.
            do { try await services.models.refresh() } catch {
                logger.warning("learning models not loaded; serving with the defaults until the next poll", metadata: ["error": "\(error)"])
            }
            let app = buildApplication(services, configuration: configuration, logger: logger)
            // runService installs SIGTERM/SIGINT handlers: stop accepting, finish in-flight requests, return.
            try await app.runService()
        }
        logger.info("stopped")
    }

    public static func migrate(_ configuration: AppConfiguration) async throws -> [String] {
        let logger = Logger(label: "wave3.migrate")
        return try await withDatabase(configuration, logger: logger) { database in
            try await Migrator(directory: configuration.migrationsDirectory).migrate(database, logger: logger)
        }
    }

    /// Creates a user (or, with an existing email, sets its role) and returns its id.
    public static func createUser(_ configuration: AppConfiguration, email: String, password: String, displayName: String?, role: String) async throws -> String {
        guard Identity.Role(rawValue: role) != nil else { throw ConfigurationError("role must be learner or admin") }
        try AuthController.validate(email: email.lowercased())
        guard (8...128).contains(password.count) else { throw ConfigurationError("password must be 8 to 128 characters") }
        return try await withServices(configuration, logger: Logger(label: "wave3.users")) { services in
            let hash = try await services.auth.hash(password: password)
            let name = displayName ?? String(email.split(separator: "@").first ?? "learner")
            do {
                return try await services.users.create(email: email, passwordHash: hash, displayName: name, role: role).id
            } catch DatabaseError.conflict {
                throw ConfigurationError("a user with email \(email) already exists")
            }
        }
    }

    /// Migrates, then loads the demo content and learners.
    public static func seedDemo(_ configuration: AppConfiguration) async throws -> String {
        let logger = Logger(label: "wave3.seed")
        return try await withServices(configuration, logger: logger, migrating: true) { services in
            let summary = try await DemoSeeder(services: services, logger: logger).run()
            let experiment = try await ExperimentDemoSeeder(services: services).run()
            return summary.description + "\n" + experiment
        }
    }
}

extension Wave3Commands {
    /// `wave3 train`: fits every learning model from the database, stores and activates a new
    /// version, and returns the held-out report. The progress bar goes to standard error.
    public static func train(_ configuration: AppConfiguration, showProgress: Bool = true) async throws -> String {
        try await withDatabase(configuration, logger: Logger(label: "wave3.train")) { database in
            try await train(database: database, showProgress: showProgress)
        }
    }

    /// The command on an open database (what the tests drive).
    public static func train(database: Database, showProgress: Bool = false) async throws -> String {
        let bar = ProgressBar()
        let trainer = ModelTrainer(database: database, progress: { stage, fraction in if showProgress { bar.update(stage, fraction) } })
        let outcome = try await trainer.train()
        // Notifications (issue 12): the worker recomputes each learner's recommendations and announces new ones.
        try await database.transaction { sql in
            try await Outbox.enqueue(task: TaskMessage(id: "trained:\(outcome.version.id)", task: "recompute_all", args: [:]), on: sql)
        }
        return "model version \(outcome.version.id) stored and activated (running replicas load it within seconds)\n" + outcome.report.summary
    }
}
