import Foundation
import LearningCore

// The simulated figures of issue 13 (docs/experiments.md). Deterministic seeds: a rerun prints the
// same rates; only the assignment timing varies with the machine.
print("== assignment")
AssignmentBench.run()
print("== simulated A/A: 1,000 experiments, daily looks for 30 days")
SimulationBench.runAA()
print("== simulated A/B: true +5 % lift")
SimulationBench.runAB()
