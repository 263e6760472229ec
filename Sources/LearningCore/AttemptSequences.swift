/// Many learners' attempt outcomes on one skill, stored flat for the EM fitter.
///
/// One contiguous byte array plus sequence offsets keeps forward–backward cache-friendly and
/// allocation-free; an array of arrays would scatter 100k attempts over thousands of heap blocks.
public struct AttemptSequences: Sendable, Hashable, Codable {
    /// 1 for a correct attempt, 0 otherwise, all sequences concatenated in order.
    public private(set) var outcomes: [UInt8] = []
    /// `starts[i]..<starts[i + 1]` is sequence `i`; always begins with 0.
    public private(set) var starts: [Int] = [0]

    public init() {}

    /// Builds the flat form from one `[Bool]` per learner (empty sequences are skipped).
    public init(_ sequences: [[Bool]]) {
        for s in sequences { append(s) }
    }

    /// Appends one learner's chronologically ordered outcomes.
    public mutating func append(_ sequence: some Collection<Bool>) {
        guard !sequence.isEmpty else { return }
        outcomes.reserveCapacity(outcomes.count + sequence.count)
        for c in sequence { outcomes.append(c ? 1 : 0) }
        starts.append(outcomes.count)
    }

    public var sequenceCount: Int { starts.count - 1 }
    public var attemptCount: Int { outcomes.count }

    /// The outcomes of sequence `i`.
    public func sequence(_ i: Int) -> ArraySlice<UInt8> {
        outcomes[starts[i]..<starts[i + 1]]
    }
}
