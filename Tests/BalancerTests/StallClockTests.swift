import Foundation
import Testing
@testable import Balancer

extension AllBalancerTests {
    @Suite struct StallClockTests {
        static let ms: Int64 = 1_000_000

        /// Pauses of 100 ms every 500 ms, each seen (started, then ended by a response).
        func regularClock(pauses: Int) -> StallClock {
            var c = StallClock()
            for k in 0..<pauses {
                let start = Int64(250 + 500 * k) * Self.ms
                c.stallSeen(start: start)
                c.responded(at: start + 100 * Self.ms)
            }
            return c
        }

        @Test func predictsTheNextRegularPause() {
            let c = regularClock(pauses: 5)
            #expect(c.isPredicting)
            #expect(abs(c.period - 500e6) < 1e6)
            // Last start 2250 ms: a 10 ms request sent at 2500 is clear; one at 2735 would be in
            // service when the pause at 2750 starts and is charged the wait.
            #expect(c.predictedDelayMs(now: 2500 * Self.ms, serviceMs: 10) == 0)
            #expect(c.predictedDelayMs(now: 2735 * Self.ms, serviceMs: 20) > 100)
            // Inside the next pause (not yet seen), the rest of it.
            #expect(c.predictedDelayMs(now: 2800 * Self.ms, serviceMs: 10) > 40)
            // The pause just seen and ended is over: no charge.
            #expect(c.predictedDelayMs(now: 2360 * Self.ms, serviceMs: 10) == 0)
        }

        @Test func unseenPausesKeepThePeriod() {
            var c = regularClock(pauses: 4)
            // Two pauses go by unseen (nothing was in flight); the next is two periods later.
            c.stallSeen(start: Int64(250 + 500 * 6) * Self.ms)
            #expect(c.regular >= 4)
            #expect(abs(c.period - 500e6) < 1e6)
        }

        @Test func aLongOddGapNeitherExtendsNorBreaksTheLock() {
            var c = regularClock(pauses: 5)
            let before = c.regular
            // 7.3 periods later: per period it is within 8 %, on the whole gap it is not.
            c.stallSeen(start: c.lastStart + 3_650 * Self.ms)
            #expect(c.regular == before - 1)
            #expect(c.isPredicting)
            #expect(c.lastStart == Int64(250 + 500 * 4) * Self.ms)
        }

        @Test func irregularPausesPredictNothing() {
            var c = StallClock()
            var t: Int64 = 0
            for gap in [310, 770, 420, 1130, 560, 290] {
                t += Int64(gap) * Self.ms
                c.stallSeen(start: t)
                c.responded(at: t + 50 * Self.ms)
            }
            #expect(!c.isPredicting)
            #expect(c.predictedDelayMs(now: t + 300 * Self.ms, serviceMs: 10) == 0)
        }
    }
}
