import LearningCore

func runBenchmarks() async -> Int {
    var report = Report()
    print("learning-bench — simulated learners, ground truth known (seeded, deterministic)")
    _ = await KnowledgeTracingBenchmark().run(&report)
    return report.failures
}

let failures = await runBenchmarks()
print(failures == 0 ? "all figures PASS" : "\(failures) figure(s) FAIL")
