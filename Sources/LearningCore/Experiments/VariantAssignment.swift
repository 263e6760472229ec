/// Deterministic assignment: a learner's variant is a pure function of (experiment key, learner
/// id) and the weights, so every replica, and every restart, gives the same answer without
/// coordination; the database records it on first exposure only to make it sticky when the
/// weights later change and to count exposures.
public struct VariantAssignment: Sendable {
    /// Cumulative weights, the last forced to exactly 1 so rounding never leaves a gap.
    let boundaries: [Double]

    public init(weights: [Double]) {
        precondition(!weights.isEmpty, "at least one variant")
        let total = weights.reduce(0, +)
        var running = 0.0
        var boundaries = weights.map { weight -> Double in
            running += weight / total
            return running
        }
        boundaries[boundaries.count - 1] = 1
        self.boundaries = boundaries
    }

    /// The index of the variant for `learnerId` in `experimentKey`.
    public func variantIndex(experimentKey: String, learnerId: String) -> Int {
        let u = Self.unitHash(experimentKey: experimentKey, learnerId: learnerId)
        for (index, boundary) in boundaries.enumerated() where u < boundary { return index }
        return boundaries.count - 1
    }

    /// A uniform number in [0, 1) from the pair: FNV-1a over the key, a separator byte no key
    /// contains, and the id, then MurmurHash3's 64-bit finaliser, which FNV alone needs for its
    /// low-entropy top bits (ids that differ in the last character would otherwise land together).
    public static func unitHash(experimentKey: String, learnerId: String) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        for byte in experimentKey.utf8 { mix(byte) }
        mix(0x1F)
        for byte in learnerId.utf8 { mix(byte) }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return Double(hash >> 11) * 0x1.0p-53
    }
}
