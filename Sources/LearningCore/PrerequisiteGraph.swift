/// The lesson prerequisite graph: cycle detection (the API rejects cycles with 409) and the
/// prerequisite depth the difficulty classifier uses.
public struct PrerequisiteGraph: Sendable, Hashable {
    /// Prerequisite ids per lesson id. Ids that appear only as prerequisites are lessons too.
    public var prerequisites: [String: [String]]

    public init(prerequisites: [String: [String]]) {
        self.prerequisites = prerequisites
    }

    /// Longest prerequisite chain below each lesson (0 for a lesson without prerequisites),
    /// or nil when the graph has a cycle. Kahn's algorithm, O(lessons + edges).
    public func depths() -> [String: Int]? {
        var nodes = Set(prerequisites.keys)
        for ps in prerequisites.values { nodes.formUnion(ps) }
        var remaining: [String: Int] = [:]
        var dependants: [String: [String]] = [:]
        for node in nodes {
            let ps = Set(prerequisites[node] ?? [])
            remaining[node] = ps.count
            for p in ps { dependants[p, default: []].append(node) }
        }
        var depth: [String: Int] = [:]
        var ready = nodes.filter { remaining[$0] == 0 }.sorted()
        for node in ready { depth[node] = 0 }
        while let node = ready.popLast() {
            for next in dependants[node] ?? [] {
                depth[next] = max(depth[next] ?? 0, depth[node]! + 1)
                remaining[next]! -= 1
                if remaining[next] == 0 { ready.append(next) }
            }
        }
        return depth.count == nodes.count ? depth : nil
    }

    /// Whether the graph has a cycle (a lesson that is, transitively, its own prerequisite).
    public var hasCycle: Bool { depths() == nil }

    /// Whether giving `lesson` these prerequisites would create a cycle: the check before an
    /// admin's create or update is stored.
    public func wouldCreateCycle(lesson: String, prerequisites newPrerequisites: [String]) -> Bool {
        var changed = self
        changed.prerequisites[lesson] = newPrerequisites
        return changed.hasCycle
    }

    /// Depth of one lesson (0 when unknown or when the graph has a cycle).
    public func depth(of lesson: String) -> Int {
        depths()?[lesson] ?? 0
    }
}
