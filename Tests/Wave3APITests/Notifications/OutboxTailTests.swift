import Testing
@testable import Wave3API

/// The embedded twin's tail cursor: forward reads by (created_at, id), periodic look-back
/// rescans, each row accepted once.
@Suite struct OutboxTailTests {
    @Test func readsForwardFromTheNewestRowAndRescansTheWindowPeriodically() {
        var tail = OutboxTail(startingAt: 10_000, lookbackMillis: 1000, rescanEveryPolls: 3)
        let first = tail.nextPoll()
        #expect(first.since == 9000 && first.after == nil)
        let accepted = [tail.accept(id: "b", createdAt: 10_005), tail.accept(id: "a", createdAt: 10_005)]
        #expect(accepted == [true, true])
        // The newest is the greatest (created_at, id), whatever order rows were accepted in.
        #expect(tail.newest?.createdAt == 10_005 && tail.newest?.id == "b")
        let forward = tail.nextPoll()
        #expect(forward.since == 10_005 && forward.after?.id == "b")
        let rescan = tail.nextPoll()
        #expect(rescan.since == 9005 && rescan.after == nil)
    }

    @Test func aRowIsAcceptedOnceEvenWhenARescanReadsItAgain() {
        var tail = OutboxTail(startingAt: 0, lookbackMillis: 1000, rescanEveryPolls: 2)
        _ = tail.nextPoll()
        let first = tail.accept(id: "x", createdAt: 500)
        _ = tail.nextPoll()  // a rescan: "x" is read again
        let again = tail.accept(id: "x", createdAt: 500)
        // A row that committed late, older than the newest, is still new.
        let late = tail.accept(id: "late", createdAt: 400)
        #expect([first, again, late] == [true, false, true])
        #expect(tail.newest?.id == "x")
    }

    @Test func rowsOutsideTheWindowAreForgottenAtTheNextRescan() {
        var tail = OutboxTail(startingAt: 0, lookbackMillis: 1000, rescanEveryPolls: 2)
        _ = tail.nextPoll()
        var accepted = 0
        for index in 0..<5_000 where tail.accept(id: "old-\(index)", createdAt: 100) { accepted += 1 }
        _ = tail.accept(id: "new", createdAt: 5_000)
        _ = tail.nextPoll()
        #expect(accepted == 5_000 && tail.rememberedCount == 1)
    }
}
