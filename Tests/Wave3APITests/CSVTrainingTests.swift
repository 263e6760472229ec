import Foundation
import LearningCore
import LearningSimulation
import Testing
@testable import Storage
@testable import Wave3API

/// `wave3 train --from-csv TRAIN.csv --evaluate TEST.csv [--store]`.
@Suite struct CSVTrainingTests {
    static func write(_ name: String, learners: Int, seed: UInt64) throws -> String {
        var simulator = LearnerSimulator(seed: seed)
        let truth = [BKTParameters(prior: 0.3, learn: 0.2, guess: 0.35, slip: 0.1, forget: 0.05), BKTParameters(prior: 0.5, learn: 0.1, guess: 0.15, slip: 0.4)]
        var csv = "user_id,skill_name,correct,order_id\n"
        var order = 0
        for h in simulator.knowledgeTracingHistories(parameters: truth, learners: learners, skillsPerLearner: 2, attemptsPerSkill: 5...15) {
            for c in h.outcomes { order += 1; csv += "L\(h.learner),skill \(h.skill),\(c ? 1 : 0),\(order)\n" }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wave3-\(name)-\(UUID().uuidString).csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func evaluatesEveryVariantAndStoresTheFit() async throws {
        let train = try Self.write("train", learners: 400, seed: 1), test = try Self.write("test", learners: 150, seed: 2)
        defer { try? FileManager.default.removeItem(atPath: train); try? FileManager.default.removeItem(atPath: test) }
        let text = try await Wave3Commands.trainFromCSV(database: nil, trainPath: train, testPath: test)
        for variant in KnowledgeTracingEvaluation.Variant.allCases { #expect(text.contains(variant.rawValue), "\(text)") }
        #expect(text.contains("AUC    RMSE  log-loss   ECE"))
        #expect(!text.contains("skills with guess or slip above 0.3: 0"), "slip 0.4 is fitted above the old cap: \(text)")

        try await TestEnvironment.withDatabase { database in
            let stored = try await Wave3Commands.trainFromCSV(database: database, trainPath: train, testPath: test)
            #expect(stored.contains("model version 1 stored and activated"))
            let record = try #require(try await ModelVersionRepository(database: database).get(id: 1))
            let bundle = try JSONDecoder().decode(LearningModelBundle.self, from: Data(record.parameters.utf8))
            #expect(Set(bundle.knowledge.skills.keys) == ["skill 0", "skill 1"])
            #expect(abs(bundle.knowledge.parameters(for: "skill 1").slip - 0.4) < 0.06)
            #expect(bundle.itemAware != nil)
            #expect(record.metrics.contains("\"BKT\""))
        }
    }

    @Test func badFilesAreRefusedClearly() async throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("wave3-bad-\(UUID().uuidString).csv").path
        try "user,skill,correct\n1,a,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        await #expect { try await Wave3Commands.trainFromCSV(database: nil, trainPath: bad, testPath: nil) } throws: { "\($0)".contains("user_id, skill_name and correct") }
        await #expect { try await Wave3Commands.trainFromCSV(database: nil, trainPath: "/nonexistent.csv", testPath: nil) } throws: { "\($0)".contains("cannot read /nonexistent.csv") }
    }
}
