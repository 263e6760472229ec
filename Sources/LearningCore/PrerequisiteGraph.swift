/// The lesson → prerequisite graph, which must stay acyclic.
public struct PrerequisiteGraph: Sendable {
    /// lesson id → ids of its prerequisites
    public private(set) var prerequisites: [String: Set<String>]

    public init(edges: [(lesson: String, prerequisite: String)]) {
        var map: [String: Set<String>] = [:]
        for edge in edges { map[edge.lesson, default: []].insert(edge.prerequisite) }
        prerequisites = map
    }

    /// Replaces `lesson`'s prerequisites.
    public mutating func set(_ lesson: String, prerequisites newValue: [String]) {
        prerequisites[lesson] = Set(newValue)
    }

    /// A cycle through the graph, as a path that starts and ends at the same lesson, or nil.
    ///
    /// Iterative three-colour DFS: recursion depth would otherwise follow the longest chain.
    public func findCycle() -> [String]? {
        enum Colour { case grey, black }
        var colour: [String: Colour] = [:]
        for start in prerequisites.keys.sorted() where colour[start] == nil {
            var stack: [(node: String, next: [String].Iterator)] = [(start, (prerequisites[start] ?? []).sorted().makeIterator())]
            colour[start] = .grey
            while !stack.isEmpty {
                if let child = stack[stack.count - 1].next.next() {
                    switch colour[child] {
                    case .grey:
                        let path = stack.map(\.node)
                        let from = path.firstIndex(of: child)!
                        return Array(path[from...]) + [child]
                    case .black:
                        continue
                    case nil:
                        colour[child] = .grey
                        stack.append((child, (prerequisites[child] ?? []).sorted().makeIterator()))
                    }
                } else {
                    colour[stack.removeLast().node] = .black
                }
            }
        }
        return nil
    }

    /// Length of the longest prerequisite chain below `lesson` (0 for an entry lesson).
    /// On a cyclic graph the cycle is cut where it is met, so this always ends.
    public func depth(of lesson: String) -> Int {
        var memo: [String: Int] = [:]
        var onPath: Set<String> = [lesson]
        var stack: [(node: String, children: [String], index: Int, best: Int)] = [(lesson, Array(prerequisites[lesson] ?? []), 0, 0)]
        while true {
            let top = stack.count - 1
            if stack[top].index < stack[top].children.count {
                let child = stack[top].children[stack[top].index]
                stack[top].index += 1
                if let known = memo[child] {
                    stack[top].best = max(stack[top].best, known + 1)
                } else if !onPath.contains(child) {
                    onPath.insert(child)
                    stack.append((child, Array(prerequisites[child] ?? []), 0, 0))
                }
            } else {
                let done = stack.removeLast()
                memo[done.node] = done.best
                onPath.remove(done.node)
                guard !stack.isEmpty else { return done.best }
                stack[stack.count - 1].best = max(stack[stack.count - 1].best, done.best + 1)
            }
        }
    }
}
