import Foundation
import LearningCore

/// Writes realistic simulated learners in the common CSV format for the side-by-side with pyBKT:
/// 120 skills with guess and slip up to 0.45 and forgetting on most of them, 10 items per skill
/// whose difficulty shifts the answer probabilities (what the item-aware variant can use), and
/// learners of varying ability; 4,000 training learners (~400,000 attempts) and 1,200 test learners.
struct KnowledgeTracingFiles {
    let skills = 120
    let itemsPerSkill = 10
    let trainLearners = 4_000
    let testLearners = 1_200

    struct Truth: Codable {
        var parameters: [String: BKTParameters]
    }

    func write(to directory: String) throws -> (train: Int, test: Int) {
        var g = SeededGenerator(seed: 20_261_203)
        var truth: [BKTParameters] = []
        for _ in 0..<skills {
            let forgets = g.bernoulli(0.7)
            truth.append(BKTParameters(
                prior: 0.05 + 0.6 * g.nextUnit(), learn: 0.03 + 0.3 * g.nextUnit(),
                guess: 0.05 + 0.4 * g.nextUnit(), slip: 0.03 + 0.42 * g.nextUnit(),
                forget: forgets ? 0.01 + 0.14 * g.nextUnit() : 0))
        }
        for k in truth.indices where truth[k].guess + truth[k].slip > 0.9 {
            truth[k].slip = 0.9 - truth[k].guess
        }
        let itemShift = (0..<(skills * itemsPerSkill)).map { _ in 0.8 * g.normal() }
        var order = 0
        func learners(_ count: Int, firstId: Int) -> String {
            var csv = "order_id,user_id,skill_name,problem_id,correct\n"
            for u in firstId..<(firstId + count) {
                let ability = 0.6 * g.normal()
                var skillOrder = Array(0..<skills)
                skillOrder.shuffle(using: &g)
                for s in skillOrder.prefix(4 + g.index(6)) {
                    let p = truth[s]
                    var known = g.bernoulli(p.prior)
                    for _ in 0..<(5 + g.index(26)) {
                        let item = s * itemsPerSkill + g.index(itemsPerSkill)
                        let base = known ? 1 - p.slip : p.guess
                        let probability = Logistic.sigmoid(Logistic.logit(base) - itemShift[item] + ability)
                        let correct = g.bernoulli(probability)
                        order += 1
                        csv += "\(order),u\(u),skill\(s),s\(s)-i\(item % itemsPerSkill),\(correct ? 1 : 0)\n"
                        known = known ? !g.bernoulli(p.forget) : g.bernoulli(p.learn)
                    }
                }
            }
            return csv
        }
        let train = learners(trainLearners, firstId: 0)
        let test = learners(testLearners, firstId: trainLearners)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try train.write(toFile: directory + "/train.csv", atomically: true, encoding: .utf8)
        try test.write(toFile: directory + "/test.csv", atomically: true, encoding: .utf8)
        var named: [String: BKTParameters] = [:]
        for (k, p) in truth.enumerated() { named["skill\(k)"] = p }
        try JSONEncoder().encode(Truth(parameters: named)).write(to: URL(fileURLWithPath: directory + "/truth.json"))
        return (train.count { $0 == "\n" } - 1, test.count { $0 == "\n" } - 1)
    }
}
