import Foundation

/// Rasch (one-parameter IRT) calibration: P(correct) = sigmoid(ability − difficulty).
///
/// Estimation is joint maximum a posteriori: abilities get a N(0, σ_θ²) prior (which also pins the
/// scale's origin to the average learner) and difficulties a weak N(0, σ_b²) prior, so items that
/// everyone (or no one) answers correctly get finite estimates instead of diverging as in plain
/// joint ML, and the estimates shrink sensibly when data are thin. Abilities and difficulties are
/// updated alternately by one Newton step each (each block's Hessian is diagonal), which converges
/// in a few dozen sweeps over the sparse response list.
public struct RaschCalibrator: Sendable {
    public var abilityPriorStandardDeviation: Double
    public var difficultyPriorStandardDeviation: Double
    public var maxIterations: Int
    public var tolerance: Double

    public init(abilityPriorStandardDeviation: Double = 1.0, difficultyPriorStandardDeviation: Double = 2.0, maxIterations: Int = 200, tolerance: Double = 1e-6) {
        self.abilityPriorStandardDeviation = abilityPriorStandardDeviation
        self.difficultyPriorStandardDeviation = difficultyPriorStandardDeviation
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// One item's calibration.
    public struct ItemEstimate: Codable, Sendable, Hashable {
        public var difficulty: Double
        /// Posterior standard deviation (from the observed information plus the prior).
        public var standardError: Double
        public var responses: Int

        public init(difficulty: Double, standardError: Double, responses: Int) {
            self.difficulty = difficulty
            self.standardError = standardError
            self.responses = responses
        }
    }

    /// The result: what the API stores as a model version.
    public struct Calibration: Codable, Sendable, Hashable {
        public var items: [String: ItemEstimate]
        public var abilities: [String: Double]
        public var iterations: Int
    }

    /// Calibrates from a sparse list of responses (any number per person and item).
    public func calibrate(_ responses: [RaschResponse]) -> Calibration {
        var personIndex: [String: Int32] = [:], itemIndex: [String: Int32] = [:]
        var personIDs: [String] = [], itemIDs: [String] = []
        var persons = [Int32](), items = [Int32](), correct = [Double]()
        persons.reserveCapacity(responses.count)
        items.reserveCapacity(responses.count)
        correct.reserveCapacity(responses.count)
        for r in responses {
            let p = personIndex[r.person] ?? {
                let i = Int32(personIDs.count); personIndex[r.person] = i; personIDs.append(r.person); return i
            }()
            let i = itemIndex[r.item] ?? {
                let k = Int32(itemIDs.count); itemIndex[r.item] = k; itemIDs.append(r.item); return k
            }()
            persons.append(p)
            items.append(i)
            correct.append(r.correct ? 1 : 0)
        }
        let thetaPrecision = 1 / (abilityPriorStandardDeviation * abilityPriorStandardDeviation)
        let bPrecision = 1 / (difficultyPriorStandardDeviation * difficultyPriorStandardDeviation)
        var theta = [Double](repeating: 0, count: personIDs.count)
        var b = [Double](repeating: 0, count: itemIDs.count)
        var gradient = [Double](repeating: 0, count: max(personIDs.count, itemIDs.count))
        var information = gradient
        var iterations = 0
        for _ in 0..<maxIterations {
            iterations += 1
            var largest = 0.0
            // Abilities given difficulties.
            for k in 0..<personIDs.count { gradient[k] = -thetaPrecision * theta[k]; information[k] = thetaPrecision }
            for r in 0..<correct.count {
                let p = Logistic.sigmoid(theta[Int(persons[r])] - b[Int(items[r])])
                gradient[Int(persons[r])] += correct[r] - p
                information[Int(persons[r])] += p * (1 - p)
            }
            for k in 0..<personIDs.count {
                // Capping the step keeps early sweeps from overshooting on persons with few responses.
                let step = min(max(gradient[k] / information[k], -1), 1)
                theta[k] += step
                largest = max(largest, abs(step))
            }
            // Difficulties given abilities.
            for k in 0..<itemIDs.count { gradient[k] = -bPrecision * b[k]; information[k] = bPrecision }
            for r in 0..<correct.count {
                let p = Logistic.sigmoid(theta[Int(persons[r])] - b[Int(items[r])])
                gradient[Int(items[r])] += p - correct[r]
                information[Int(items[r])] += p * (1 - p)
            }
            for k in 0..<itemIDs.count {
                let step = min(max(gradient[k] / information[k], -1), 1)
                b[k] += step
                largest = max(largest, abs(step))
            }
            if largest < tolerance { break }
        }
        var counts = [Int](repeating: 0, count: itemIDs.count)
        for i in items { counts[Int(i)] += 1 }
        var result: [String: ItemEstimate] = [:]
        for (k, id) in itemIDs.enumerated() {
            result[id] = ItemEstimate(difficulty: b[k], standardError: 1 / information[k].squareRoot(), responses: counts[k])
        }
        var abilities: [String: Double] = [:]
        for (k, id) in personIDs.enumerated() { abilities[id] = theta[k] }
        return Calibration(items: result, abilities: abilities, iterations: iterations)
    }

    /// MAP ability of one learner against items of known difficulty (what the API uses between
    /// calibrations, e.g. for the recommender's predicted success).
    public func ability(responses: [(difficulty: Double, correct: Bool)]) -> Double {
        let precision = 1 / (abilityPriorStandardDeviation * abilityPriorStandardDeviation)
        var theta = 0.0
        for _ in 0..<50 {
            var g = -precision * theta, h = precision
            for r in responses {
                let p = Logistic.sigmoid(theta - r.difficulty)
                g += (r.correct ? 1 : 0) - p
                h += p * (1 - p)
            }
            let step = min(max(g / h, -1), 1)
            theta += step
            if abs(step) < 1e-9 { break }
        }
        return theta
    }
}
