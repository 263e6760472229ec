import Foundation

/// Attempts in the common knowledge-tracing table format: columns `user_id`, `skill_name`,
/// `correct`, optionally `order_id` (chronological order) and `problem_id` or `item_id`.
public struct KnowledgeTracingDataset: Sendable {
    public struct Attempt: Sendable, Hashable {
        public var user: Int32
        public var skill: Int32
        /// Index into `items`, or −1 when the file names no item.
        public var item: Int32
        public var correct: Bool
    }

    public var users: [String] = []
    public var skills: [String] = []
    public var items: [String] = []
    /// Chronological (by `order_id` when present, else file order).
    public var attempts: [Attempt] = []
    /// Rows without a skill name (as pyBKT, they are dropped).
    public var skippedRows = 0

    public init() {}

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses CSV text (RFC 4180 quoting; a header row naming the columns).
    public static func parseCSV(_ bytes: [UInt8]) throws -> KnowledgeTracingDataset {
        var reader = CSVReader(bytes)
        guard let header = reader.nextRow() else { throw FormatError(description: "the file is empty") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ candidates: String...) -> Int? { candidates.lazy.compactMap { names.firstIndex(of: $0) }.first }
        guard let userColumn = column("user_id"), let skillColumn = column("skill_name"), let correctColumn = column("correct") else {
            throw FormatError(description: "the header must name user_id, skill_name and correct (found: \(names.joined(separator: ", ")))")
        }
        let orderColumn = column("order_id"), itemColumn = column("problem_id", "item_id")
        var data = KnowledgeTracingDataset()
        var userIndex: [String: Int32] = [:], skillIndex: [String: Int32] = [:], itemIndex: [String: Int32] = [:]
        func intern(_ s: String, _ index: inout [String: Int32], _ list: inout [String]) -> Int32 {
            if let i = index[s] { return i }
            let i = Int32(list.count)
            index[s] = i
            list.append(s)
            return i
        }
        var orders: [Double] = []
        var line = 1
        while let row = reader.nextRow() {
            line += 1
            if row.count == 1 && row[0].isEmpty { continue }
            let needed = [userColumn, skillColumn, correctColumn, orderColumn ?? 0, itemColumn ?? 0].max()!
            guard row.count > needed else { throw FormatError(description: "line \(line): \(row.count) fields, the header has \(names.count)") }
            let skill = row[skillColumn]
            if skill.isEmpty { data.skippedRows += 1; continue }
            guard let c = Double(row[correctColumn].trimmingCharacters(in: .whitespaces)), c == 0 || c == 1 else {
                throw FormatError(description: "line \(line): correct must be 0 or 1, got \"\(row[correctColumn])\"")
            }
            if let orderColumn {
                guard let o = Double(row[orderColumn]) else { throw FormatError(description: "line \(line): order_id must be a number") }
                orders.append(o)
            }
            let item = itemColumn.map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            data.attempts.append(Attempt(
                user: intern(row[userColumn], &userIndex, &data.users), skill: intern(skill, &skillIndex, &data.skills),
                item: item.map { intern($0, &itemIndex, &data.items) } ?? -1, correct: c == 1))
        }
        if orderColumn != nil {
            let order = data.attempts.indices.sorted { orders[$0] < orders[$1] || (orders[$0] == orders[$1] && $0 < $1) }
            data.attempts = order.map { data.attempts[$0] }
        }
        return data
    }

    /// Per skill name, each learner's chronological outcomes.
    public func sequencesBySkill() -> [String: AttemptSequences] {
        var bySkillUser: [Int64: [Bool]] = [:]
        var keys: [Int64] = []
        for a in attempts {
            let key = Int64(a.skill) << 32 | Int64(a.user)
            if bySkillUser[key] == nil { keys.append(key) }
            bySkillUser[key, default: []].append(a.correct)
        }
        var result: [String: AttemptSequences] = [:]
        for key in keys {
            result[skills[Int(key >> 32)], default: AttemptSequences()].append(bySkillUser[key]!)
        }
        return result
    }
}

/// A minimal RFC 4180 reader over bytes: quoted fields may hold commas, quotes ("") and newlines.
struct CSVReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is not part of the first column's name.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func nextRow() -> [String]? {
        guard position < bytes.count else { return nil }
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if position < bytes.count && bytes[position] == UInt8(ascii: "\"") { field.append(b); position += 1 } else { quoted = false }
                } else {
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): quoted = true
            case UInt8(ascii: ","): fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            case UInt8(ascii: "\r"): continue
            default: field.append(b)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
