import ArgumentParser
import Foundation
import Wave3API

/// `wave3`: parses arguments and hands over to `Wave3Commands`.
@main
struct Wave3: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wave3",
        abstract: "The Wave 3 learning-platform API.",
        subcommands: [Serve.self, Migrate.self, Seed.self, Users.self, Train.self, Experiments.self, Worker.self, Leaderboard.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API.")
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Apply pending migrations before serving.") var migrate = false

    func run() async throws {
        var configuration = try Wave3Commands.configurationFromEnvironment()
        configuration.hostname = hostname
        configuration.port = port
        configuration.migrateOnStart = configuration.migrateOnStart || migrate
        try await Wave3Commands.serve(configuration)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending migrations/*.sql.")

    func run() async throws {
        let configuration = try Wave3Commands.configurationFromEnvironment()
        let applied = try await Wave3Commands.migrate(configuration)
        print(applied.isEmpty ? "schema is up to date" : "applied: \(applied.joined(separator: ", "))")
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo content and learners (idempotent).")
    @Flag(help: "Load the demo subjects, lessons, quiz items and learners.") var demo = false

    func run() async throws {
        guard demo else { throw ValidationError("nothing to seed: pass --demo") }
        let configuration = try Wave3Commands.configurationFromEnvironment()
        let summary = try await Wave3Commands.seedDemo(configuration)
        print(summary)
    }
}

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit and version the learning models (BKT, mastery, difficulty, Rasch) from the database, or evaluate them on a CSV file.")
    @Flag(help: "No progress bar on standard error.") var quiet = false
    @Option(name: .customLong("from-csv"), help: "Fit from a knowledge-tracing CSV (user_id, skill_name, correct[, order_id, problem_id|item_id]) instead of the database.")
    var fromCSV: String?
    @Option(help: "With --from-csv: a test CSV to score every variant on (AUC, RMSE, log-loss, ECE).") var evaluate: String?
    @Flag(help: "With --from-csv: store the fitted models as a new active version in the database.") var store = false

    func validate() throws {
        if fromCSV == nil && (evaluate != nil || store) { throw ValidationError("--evaluate and --store need --from-csv") }
    }

    func run() async throws {
        let configuration = try Wave3Commands.configurationFromEnvironment()
        if let fromCSV {
            print(try await Wave3Commands.trainFromCSV(configuration, trainPath: fromCSV, testPath: evaluate, store: store, showProgress: !quiet))
        } else {
            print(try await Wave3Commands.train(configuration, showProgress: !quiet))
        }
    }
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")
        @Option var email: String
        @Option var password: String
        @Option(name: .customLong("display-name")) var displayName: String?
        @Option(help: "learner or admin") var role = "learner"

        func run() async throws {
            let configuration = try Wave3Commands.configurationFromEnvironment()
            let id = try await Wave3Commands.createUser(configuration, email: email, password: password, displayName: displayName, role: role)
            print("created \(role) \(email) (\(id))")
        }
    }
}
