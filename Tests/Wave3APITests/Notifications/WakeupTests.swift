import Testing
@testable import Wave3API

/// The relay's wake-up: a signal ends the wait at once, and nothing else does before the deadline.
@Suite struct WakeupTests {
    @Test func aSignalledWaitReturnsAtOnceAndTheNextOneWaitsItsTime() async {
        let wakeup = Wakeup()
        let clock = ContinuousClock()
        wakeup.signal()
        let signalled = await clock.measure { await wakeup.wait(milliseconds: 10_000) }
        #expect(signalled < .seconds(5))
        // Regression: the cancelled timer of the wait above used to signal, so this wait (and every
        // later one) returned at once and the idle relay spun on the outbox.
        for _ in 0..<3 {
            let idle = await clock.measure { await wakeup.wait(milliseconds: 300) }
            #expect(idle >= .milliseconds(250))
        }
    }
}
