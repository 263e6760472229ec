/// The answer to one recorded request: counts, and the server's grade of each quiz attempt in it.
public struct ProgressReceipt: Codable, Sendable, Equatable {
    public var accepted: Int
    public var duplicates: Int
    public var results: [GradedAttempt]

    public init(accepted: Int = 0, duplicates: Int = 0, results: [GradedAttempt] = []) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.results = results
    }
}

/// The grade of one quiz attempt. `xp` is what this attempt earned: only the first correct answer
/// to an item earns any; `duplicate` means the event was stored before under its client id and the
/// grade shown is the stored one.
public struct GradedAttempt: Codable, Sendable, Equatable {
    public var index: Int
    public var id: String?
    public var itemId: String
    public var correct: Bool
    public var xp: Int
    public var duplicate: Bool

    public init(index: Int, id: String?, itemId: String, correct: Bool, xp: Int, duplicate: Bool) {
        self.index = index
        self.id = id
        self.itemId = itemId
        self.correct = correct
        self.xp = xp
        self.duplicate = duplicate
    }
}
