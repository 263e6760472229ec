import SQLKit

/// SQLite group commit. SQLite has one writer per file and every commit is a sync to disk, so
/// concurrent write transactions are queued here and run back to back inside one database
/// transaction, one savepoint each, with one commit for the lot (docs/performance.md,
/// "Progress writes"):
/// - each request is all-or-nothing: a body that throws is rolled back to its savepoint and fails
///   alone, the rest of the batch goes on;
/// - nothing is answered before the commit: every request of the batch learns its outcome after
///   it, and if the commit (or the transaction itself) fails, every request of the batch fails;
/// - one batch at a time, in arrival order, so writers in this process never contend for SQLite's
///   lock (other processes wait on `busy_timeout`).
actor WriteBatcher {
    struct Job: Sendable {
        /// Runs the body in its savepoint on the batch's connection.
        let run: @Sendable (any SQLDatabase) async -> Ran
        /// Answers a job the batch never ran.
        let fail: @Sendable (any Error) -> Void
    }

    struct Ran: Sendable {
        /// Answers the job once the batch's fate is known (nil: committed).
        let answer: @Sendable ((any Error)?) -> Void
        /// False when its savepoint could not be rolled back or released: the transaction is then
        /// in an unknown state and the whole batch is abandoned.
        let intact: Bool
    }

    enum BatchError: Error { case transactionBroken }

    private let sql: any SQLDatabase
    private let maxBatch: Int
    private var pending: [Job] = []
    private var draining = false

    init(sql: any SQLDatabase, maxBatch: Int = 64) {
        self.sql = sql
        self.maxBatch = maxBatch
    }

    func submit(_ job: Job) {
        pending.append(job)
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    /// Runs batches while jobs arrive; those that arrive during a batch form the next one.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            await Self.run(batch, on: sql)
        }
        draining = false
    }

    private struct Outcome: Sendable {
        var answers: [@Sendable ((any Error)?) -> Void] = []
        var error: (any Error)?
    }

    private static func run(_ batch: [Job], on sql: any SQLDatabase) async {
        let outcome: Outcome
        do {
            outcome = try await sql.withSession { session in
                var outcome = Outcome()
                do {
                    try await session.raw("BEGIN IMMEDIATE").run()
                } catch {
                    outcome.error = error
                    return outcome
                }
                for job in batch {
                    let ran = await job.run(session)
                    outcome.answers.append(ran.answer)
                    guard ran.intact else {
                        try? await session.raw("ROLLBACK").run()
                        outcome.error = BatchError.transactionBroken
                        return outcome
                    }
                }
                do {
                    try await session.raw("COMMIT").run()
                } catch {
                    try? await session.raw("ROLLBACK").run()
                    outcome.error = error
                }
                return outcome
            }
        } catch {
            outcome = Outcome(answers: [], error: error)
        }
        for answer in outcome.answers { answer(outcome.error) }
        for job in batch.dropFirst(outcome.answers.count) { job.fail(outcome.error ?? BatchError.transactionBroken) }
    }

    /// Runs `body` as one request of a batch and returns its result after the batch commits.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit(Job(run: { session in await Self.runInSavepoint(body, on: session, continuation) },
                       fail: { continuation.resume(throwing: $0) }))
        }
    }

    private static func runInSavepoint<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T, on session: any SQLDatabase,
                                                     _ continuation: CheckedContinuation<T, any Error>) async -> Ran {
        do {
            try await session.raw("SAVEPOINT request").run()
        } catch {
            return Ran(answer: { _ in continuation.resume(throwing: error) }, intact: false)
        }
        do {
            let value = try await body(session)
            try await session.raw("RELEASE request").run()
            return Ran(answer: { batchError in
                if let batchError { continuation.resume(throwing: batchError) } else { continuation.resume(returning: value) }
            }, intact: true)
        } catch let failure {
            do {
                try await session.raw("ROLLBACK TO request").run()
                try await session.raw("RELEASE request").run()
            } catch {
                return Ran(answer: { _ in continuation.resume(throwing: failure) }, intact: false)
            }
            return Ran(answer: { _ in continuation.resume(throwing: failure) }, intact: true)
        }
    }
}
