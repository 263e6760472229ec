import Foundation
import Testing
@testable import LearningCore

@Suite struct KnowledgeTracingDatasetTests {
    @Test func parsesTheCommonFormatInChronologicalOrder() throws {
        let csv = """
            order_id,user_id,skill_name,problem_id,correct
            3,u1,"Fractions, adding",p2,0
            1,u1,"Fractions, adding",p1,1
            2,u2,Ratios,p9,1
            4,u1,,p3,1
            5,u2,Ratios,,0
            """
        let data = try KnowledgeTracingDataset.parseCSV(Array(csv.utf8))
        #expect(data.skills == ["Fractions, adding", "Ratios"], "a quoted comma stays in the field")
        #expect(data.skippedRows == 1, "rows without a skill are dropped, as pyBKT does")
        #expect(data.attempts.map(\.correct) == [true, true, false, false], "sorted by order_id")
        #expect(data.attempts.map { $0.item >= 0 ? data.items[Int($0.item)] : "-" } == ["p1", "p9", "p2", "-"])
        let sequences = data.sequencesBySkill()
        #expect(sequences["Fractions, adding"].map { Array($0.outcomes) } == [1, 0])
        #expect(sequences["Ratios"]?.sequenceCount == 1)
    }

    @Test func badFilesGetClearErrors() {
        for (csv, message) in [("", "empty"), ("user_id,correct\nu,1", "skill_name"), ("user_id,skill_name,correct\nu,s,yes", "line 2: correct must be 0 or 1"),
                               ("user_id,skill_name,correct\nu,s", "line 2: 2 fields"), ("order_id,user_id,skill_name,correct\nx,u,s,1", "order_id must be a number")] {
            #expect { try KnowledgeTracingDataset.parseCSV(Array(csv.utf8)) } throws: { error in
                "\(error)".contains(message)
            }
        }
    }
}

@Suite struct KnowledgeTracingEvaluationTests {
    /// Learners from known BKT parameters with item effects: every variant beats the base rate,
    /// the item-aware one beats BKT, and predictions for a test attempt use only earlier ones.
    @Test func variantsRankAsTheDataDictate() async throws {
        var g = SeededGenerator(seed: 44)
        let truth = (0..<6).map { k in BKTParameters(prior: 0.2 + 0.05 * Double(k), learn: 0.15, guess: 0.25, slip: 0.15, forget: k % 2 == 0 ? 0.08 : 0) }
        let shift = (0..<60).map { _ in g.normal() }
        func file(_ learners: Range<Int>) -> KnowledgeTracingDataset {
            var csv = "user_id,skill_name,item_id,correct\n"
            for u in learners {
                for s in 0..<6 {
                    var known = g.bernoulli(truth[s].prior)
                    for _ in 0..<12 {
                        let item = s * 10 + g.index(10)
                        let p = Logistic.sigmoid(Logistic.logit(known ? 1 - truth[s].slip : truth[s].guess) - shift[item])
                        csv += "u\(u),s\(s),i\(item),\(g.bernoulli(p) ? 1 : 0)\n"
                        known = known ? !g.bernoulli(truth[s].forget) : g.bernoulli(truth[s].learn)
                    }
                }
            }
            return try! KnowledgeTracingDataset.parseCSV(Array(csv.utf8))
        }
        let train = file(0..<600), test = file(600..<900)
        let models = await KnowledgeTracingEvaluation.fit(train)
        var auc: [KnowledgeTracingEvaluation.Variant: Double] = [:]
        for v in KnowledgeTracingEvaluation.Variant.allCases {
            let m = KnowledgeTracingEvaluation.metrics(KnowledgeTracingEvaluation.predict(models, v, on: test), test)
            auc[v] = m.auc
            #expect(m.count == test.attempts.count)
            #expect(m.rmse > 0 && m.rmse < 0.5 && m.logLoss > 0 && m.ece >= 0 && m.ece < 0.1, "\(v): \(m)")
        }
        #expect(auc[.standard]! > auc[.baseRate]! + 0.05, "\(auc)")
        #expect(auc[.itemAware]! > auc[.selected]! + 0.02, "\(auc)")
        #expect(models.selected.values.filter(\.forgetting).count >= 2, "forgetting kept where the data forget")
        #expect(Set(models.fitSeconds.keys) == [.standard, .forgetting, .selected, .itemAware])

        // The prediction for an attempt depends only on earlier attempts: changing a learner's last
        // answer changes no prediction.
        var changed = test
        let last = try #require(changed.attempts.lastIndex { $0.user == changed.attempts[0].user })
        changed.attempts[last].correct.toggle()
        for v in KnowledgeTracingEvaluation.Variant.allCases {
            #expect(KnowledgeTracingEvaluation.predict(models, v, on: changed) == KnowledgeTracingEvaluation.predict(models, v, on: test))
        }
    }
}
