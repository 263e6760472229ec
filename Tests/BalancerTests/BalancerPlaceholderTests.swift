import Testing
@testable import Balancer

@Test func placeholderBalancer() { #expect(Bool(true)) }
