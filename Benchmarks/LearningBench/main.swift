import LearningCore

func runBenchmarks() async -> Int {
    var report = Report()
    print("learning-bench — simulated learners with known ground truth (seeded, deterministic)")
    let knowledgeTracing = await KnowledgeTracingBenchmark().run(&report)
    MasteryBenchmark().run(&report, knowledgeTracing: knowledgeTracing)
    RaschBenchmark().run(&report)
    RecommendationBenchmark().run(&report)
    return report.failures
}

let failures = await runBenchmarks()
print(failures == 0 ? "all figures PASS" : "\(failures) figure(s) FAIL")
