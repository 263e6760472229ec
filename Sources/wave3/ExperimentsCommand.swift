import ArgumentParser
import Wave3API

/// `wave3 experiments report KEY` (issue 13).
struct Experiments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A/B experiments.", subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an experiment's results as a table.")
        @Argument(help: "The experiment's key.") var key: String

        func run() async throws {
            let configuration = try Wave3Commands.configurationFromEnvironment()
            print(try await Wave3Commands.experimentReport(configuration, key: key))
        }
    }
}
