import Foundation

/// The model file `rl-balancer train` writes and `serve --model` / the admin API load: versioned
/// JSON with the policy's parameters or weights and the scenario results that earned them.
public struct PolicyModel: Sendable, Codable, Equatable {
    public static let format = "rl-balancer-model/1"

    public var format: String
    public var policy: String
    /// Chosen by the model registry when the file is added; 0 until then.
    public var version: Int
    public var createdAt: String
    public var parameters: [String: Double]
    public var weights: [Double]
    public var results: [ScenarioScore]

    public init(policy: String, parameters: [String: Double] = [:], weights: [Double] = [], results: [ScenarioScore] = [], version: Int = 0) {
        self.format = Self.format
        self.policy = policy
        self.version = version
        self.createdAt = ISO8601DateFormatter().string(from: Date())
        self.parameters = parameters
        self.weights = weights
        self.results = results
    }

    public enum LoadError: Error, CustomStringConvertible, Equatable {
        case wrongFormat(String)
        case wrongPolicy(expected: String, found: String)
        case invalid(String)

        public var description: String {
            switch self {
            case .wrongFormat(let f): return "not an rl-balancer model (format \(f))"
            case .wrongPolicy(let e, let f): return "model is for policy \(f), not \(e)"
            case .invalid(let m): return "invalid model: \(m)"
            }
        }
    }

    public func check(policy expected: String) throws {
        guard format == Self.format else { throw LoadError.wrongFormat(format) }
        guard policy == expected else { throw LoadError.wrongPolicy(expected: expected, found: policy) }
        guard parameters.values.allSatisfy(\.isFinite), weights.allSatisfy(\.isFinite) else { throw LoadError.invalid("non-finite number") }
    }

    func positive(_ key: String, default d: Double) throws -> Double {
        guard let v = parameters[key] else { return d }
        guard v > 0 else { throw LoadError.invalid("\(key) must be > 0") }
        return v
    }

    public static func decode(_ data: Data) throws -> PolicyModel {
        do { return try JSONDecoder().decode(PolicyModel.self, from: data) } catch {
            throw LoadError.invalid("not JSON of the model format")
        }
    }

    public func encoded() -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? enc.encode(self)) ?? Data()
    }
}

/// One scenario result a model achieved in training (the simulator's figures, ms).
public struct ScenarioScore: Sendable, Codable, Equatable {
    public var scenario: String
    public var p50: Double
    public var p99: Double
    public var p999: Double
    public var errors: Int
    public var successRate: Double
    public init(scenario: String, p50: Double, p99: Double, p999: Double, errors: Int, successRate: Double) {
        self.scenario = scenario
        self.p50 = p50
        self.p99 = p99
        self.p999 = p999
        self.errors = errors
        self.successRate = successRate
    }
}
