import Testing
@testable import LearningCore

@Test func placeholderLearningCore() { #expect(Bool(true)) }
