import Testing
@testable import Wave3API

@Test func placeholderWave3API() { #expect(Bool(true)) }
