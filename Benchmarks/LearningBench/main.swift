import Foundation
import LearningCore

/// `learning-bench`: the simulated-learner figures. `learning-bench generate DIR` writes the
/// CSV files of the pyBKT side-by-side; `learning-bench compare DIR PYBKT.json` prints it.
func runBenchmarks() async -> Int {
    var report = Report()
    print("learning-bench — simulated learners with known ground truth (seeded, deterministic)")
    let knowledgeTracing = await KnowledgeTracingBenchmark().run(&report)
    MasteryBenchmark().run(&report, knowledgeTracing: knowledgeTracing)
    RaschBenchmark().run(&report)
    RecommendationBenchmark().run(&report)
    return report.failures
}

let arguments = CommandLine.arguments.dropFirst()
var failures = 0
switch arguments.first {
case "generate" where arguments.count == 2:
    let (train, test) = try KnowledgeTracingFiles().write(to: arguments.last!)
    print("wrote \(train) training and \(test) test attempts to \(arguments.last!)")
case "compare" where arguments.count == 3:
    var report = Report()
    print("learning-bench — side-by-side with pyBKT 1.4.3 (C++ core) on the same files")
    try await PyBKTComparison().run(directory: Array(arguments)[1], pyBKTJSON: Array(arguments)[2], &report)
    failures = report.failures
case nil:
    failures = await runBenchmarks()
default:
    print("usage: learning-bench [generate DIR | compare DIR PYBKT.json]")
    exit(2)
}
// A figure that misses its bar is reported, not fatal: `make bench` prints every section.
if arguments.first != "generate" { print(failures == 0 ? "all figures PASS" : "\(failures) figure(s) FAIL") }
