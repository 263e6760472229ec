import Foundation
import NIOConcurrencyHelpers

/// The process's model versions per learning policy, and which one is live. `serve --model`
/// and the admin API add versions; every event loop's learner is built from the current one
/// (`PolicyKind.make()`), so switching or rolling back rebuilds the loops' policies without a
/// restart. Also holds the A/B split settings, which rebuild the same way.
public final class ModelStore: Sendable {
    public static let shared = ModelStore()

    public struct Entry: Sendable, Codable, Equatable {
        public var policy: String
        public var version: Int
        public var createdAt: String
        public var current: Bool
        public var results: [ScenarioScore]
    }

    public struct Split: Sendable, Codable, Equatable {
        public var policy: PolicyKind
        public var share: Double
    }

    public enum StoreError: Error, Equatable, CustomStringConvertible {
        case notLearning(String)
        case noSuchVersion(String, Int)
        case nothingToRollBack(String)

        public var description: String {
            switch self {
            case .notLearning(let p): return "\(p) is not a learning policy (linucb, linear_q, ppo)"
            case .noSuchVersion(let p, let v): return "\(p) has no model version \(v)"
            case .nothingToRollBack(let p): return "\(p) has no earlier version to roll back to"
            }
        }
    }

    private struct State {
        var models: [String: [PolicyModel]] = [:]
        var current: [String: Int] = [:]
        /// Versions that were current before, most recent last: rollback pops one.
        var history: [String: [Int]] = [:]
        var split: Split?
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Adds a model (validated by loading it into a fresh policy) as the next version and makes
    /// it current.
    @discardableResult
    public func add(_ model: PolicyModel) throws -> PolicyModel {
        guard let kind = PolicyKind(name: model.policy), kind.learns, let probe = kind.make(seed: 1) as? any LearningPolicy else {
            throw StoreError.notLearning(model.policy)
        }
        try probe.load(model)
        return state.withLockedValue { s in
            var m = model
            m.policy = kind.rawValue
            m.version = (s.models[kind.rawValue]?.last?.version ?? 0) + 1
            s.models[kind.rawValue, default: []].append(m)
            if let old = s.current[kind.rawValue] { s.history[kind.rawValue, default: []].append(old) }
            s.current[kind.rawValue] = m.version
            return m
        }
    }

    public func current(for policy: String) -> PolicyModel? {
        state.withLockedValue { s in
            guard let v = s.current[policy] else { return nil }
            return s.models[policy]?.first { $0.version == v }
        }
    }

    public func list() -> [Entry] {
        state.withLockedValue { s in
            s.models.keys.sorted().flatMap { p in
                (s.models[p] ?? []).map { Entry(policy: p, version: $0.version, createdAt: $0.createdAt, current: s.current[p] == $0.version, results: $0.results) }
            }
        }
    }

    public func activate(policy: String, version: Int) throws {
        try state.withLockedValue { s in
            guard s.models[policy]?.contains(where: { $0.version == version }) == true else { throw StoreError.noSuchVersion(policy, version) }
            if let old = s.current[policy], old != version { s.history[policy, default: []].append(old) }
            s.current[policy] = version
        }
    }

    @discardableResult
    public func rollback(policy: String) throws -> Int {
        try state.withLockedValue { s in
            guard let v = s.history[policy]?.popLast() else { throw StoreError.nothingToRollBack(policy) }
            s.current[policy] = v
            return v
        }
    }

    public var split: Split? {
        get { state.withLockedValue { $0.split } }
        set { state.withLockedValue { $0.split = newValue } }
    }

    /// The policy one event loop runs for `primary`: the A/B split when one is set.
    public func makePolicy(primary: PolicyKind) -> any RoutingPolicy {
        let a = primary.make()
        guard let split, split.share > 0 else { return a }
        return SplitPolicy(a: a, b: split.policy.make(), share: split.share)
    }
}

extension ModelStore {
    /// `serve --model FILE`: reads, validates and activates a model file.
    @discardableResult
    public func load(path: String) throws -> PolicyModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw PolicyModel.LoadError.invalid("cannot read \(path)") }
        return try add(try PolicyModel.decode(data))
    }
}
