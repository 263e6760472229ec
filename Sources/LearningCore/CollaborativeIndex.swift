import Foundation

/// Item–item cosine similarity over binary completion vectors, keeping each lesson's top
/// neighbours: built once per training run so a request only sums a few short lists.
struct CollaborativeIndex: Sendable {
    /// Per lesson, its most similar lessons (index, cosine), most similar first.
    let neighbours: [[(index: Int32, similarity: Float)]]
    /// Learners who completed each lesson.
    let completionCounts: [Int]

    /// `histories` hold lesson indices per learner (duplicates ignored).
    init(lessonCount n: Int, histories: [[Int]], neighboursPerLesson k: Int) {
        var learnersOf = [[Int32]](repeating: [], count: n)
        var sets: [[Int]] = []
        sets.reserveCapacity(histories.count)
        for (u, h) in histories.enumerated() {
            let unique = Array(Set(h)).filter { $0 >= 0 && $0 < n }
            sets.append(unique)
            for i in unique { learnersOf[i].append(Int32(u)) }
        }
        let counts = learnersOf.map(\.count)
        // One scratch row of co-occurrence counts, reused for every lesson: O(n) memory and
        // O(Σ |history|²) time rather than an n × n matrix.
        var row = [Int32](repeating: 0, count: n)
        var touched: [Int] = []
        var result = [[(index: Int32, similarity: Float)]](repeating: [], count: n)
        for i in 0..<n where counts[i] > 0 {
            touched.removeAll(keepingCapacity: true)
            for u in learnersOf[i] {
                for j in sets[Int(u)] where j != i {
                    if row[j] == 0 { touched.append(j) }
                    row[j] += 1
                }
            }
            var candidates: [(index: Int32, similarity: Float)] = touched.map { j in
                (Int32(j), Float(Double(row[j]) / (Double(counts[i]) * Double(counts[j])).squareRoot()))
            }
            for j in touched { row[j] = 0 }
            candidates.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.index < $1.index) }
            result[i] = Array(candidates.prefix(k))
        }
        neighbours = result
        completionCounts = counts
    }
}
