import Foundation
import LearningCore
import Logging
import Storage
import Synchronization

/// The learning models this replica serves with: the active `model_versions` row, or
/// `LearningModelBundle.defaults` before any training run.
///
/// Reads are a lock-protected copy of an immutable value, cheap enough for every request; a
/// reload swaps the whole bundle at once, so a request never mixes two versions.
final class ModelStore: Sendable {
    static let kind = "learning"

    struct Loaded: Sendable {
        /// Nil while the defaults are in use.
        let version: Int64?
        let bundle: LearningModelBundle
    }

    private let state = Mutex(Loaded(version: nil, bundle: .defaults))
    private let versions: ModelVersionRepository

    init(database: Database) {
        versions = ModelVersionRepository(database: database)
    }

    var current: Loaded { state.withLock { $0 } }

    /// Polls the active version id and loads the bundle when it moved: one indexed query when
    /// nothing changed. With no active version (all rolled back or never trained) the defaults apply.
    /// Returns whether the models changed.
    @discardableResult
    func refresh() async throws -> Bool {
        let active = try await versions.activeId(kind: Self.kind)
        if active == current.version { return false }
        guard let active else {
            state.withLock { $0 = Loaded(version: nil, bundle: .defaults) }
            return true
        }
        guard let record = try await versions.get(id: active) else { return false }
        let bundle = try JSONDecoder().decode(LearningModelBundle.self, from: Data(record.parameters.utf8))
        state.withLock { $0 = Loaded(version: active, bundle: bundle) }
        return true
    }
}
