import NIOCore

/// Runs a task's jobs on one NIO event loop. A connection's task preferring its own channel's
/// loop resumes there after every await on that loop's I/O (the next request's bytes, a Redis
/// reply, the response write) without waking a thread of Swift's global pool and back: those
/// hand-offs were most of the kernel's 30 % of the leaderboard route (docs/redis.md). Work
/// that blocks still goes to thread pools (bcrypt, SQLite), never here.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
