import LearningCore
import LearningSimulation

/// Rasch: recovery of item difficulties with 200 responses per item.
struct RaschBenchmark {
    func run(_ report: inout Report) {
        var simulator = LearnerSimulator(seed: 99)
        let data = simulator.raschResponses(items: 100, persons: 2_000, responsesPerItem: 200)
        let (calibration, seconds) = measure { RaschCalibrator().calibrate(data.responses) }
        let estimated = data.difficulties.indices.map { calibration.items["i\($0)"]!.difficulty }
        let rho = ModelMetrics.spearman(estimated, data.difficulties)
        report.figure("Rasch difficulty recovery, Spearman (200/item)", format(rho), bar: "≥ 0.95", pass: rho >= 0.95)
        let mae = zip(estimated, data.difficulties).map { abs($0 - $1) }.reduce(0, +) / Double(estimated.count)
        report.info("100 items × 200 responses calibrated in \(format(seconds * 1000, 1)) ms, \(calibration.iterations) sweeps; difficulty MAE \(format(mae, 3)) logits")
    }
}
