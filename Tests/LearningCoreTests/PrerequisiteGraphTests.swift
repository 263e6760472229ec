import Testing
@testable import LearningCore

@Suite struct PrerequisiteGraphTests {
    @Test func acyclicGraphHasNoCycleAndDepths() {
        let graph = PrerequisiteGraph(edges: [("b", "a"), ("c", "b"), ("d", "a"), ("e", "c"), ("e", "d")])
        #expect(graph.findCycle() == nil)
        #expect(graph.depth(of: "a") == 0)
        #expect(graph.depth(of: "b") == 1)
        #expect(graph.depth(of: "e") == 3)
        #expect(graph.depth(of: "unknown") == 0)
    }

    @Test func findsACycleAndNamesIt() throws {
        var graph = PrerequisiteGraph(edges: [("b", "a"), ("c", "b")])
        graph.set("a", prerequisites: ["c"])
        let cycle = try #require(graph.findCycle())
        #expect(cycle.first == cycle.last)
        #expect(Set(cycle) == ["a", "b", "c"])
    }

    @Test func selfLoopIsACycle() {
        var graph = PrerequisiteGraph(edges: [])
        graph.set("a", prerequisites: ["a"])
        #expect(graph.findCycle() == ["a", "a"])
    }

    @Test func longChainsDoNotOverflow() {
        let edges = (1..<20_000).map { (lesson: "n\($0)", prerequisite: "n\($0 - 1)") }
        var graph = PrerequisiteGraph(edges: edges)
        #expect(graph.findCycle() == nil)
        graph.set("n0", prerequisites: ["n19999"])
        #expect(graph.findCycle()?.count == 20_001)
    }
}

@Suite struct PrerequisiteGraphDepthTests {
    @Test func depthOfALongChainIsIterative() {
        let graph = PrerequisiteGraph(edges: (1..<20_000).map { (lesson: "n\($0)", prerequisite: "n\($0 - 1)") })
        #expect(graph.depth(of: "n19999") == 19_999)
    }

    @Test func depthEndsOnACycle() {
        let graph = PrerequisiteGraph(edges: [("a", "b"), ("b", "a")])
        #expect(graph.depth(of: "a") == 1)
    }
}
