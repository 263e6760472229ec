import NIOCore
import NIOPosix
@testable import Redis
import Testing
@testable import Wave3API

/// A connection's task that prefers its event loop stays there across awaits, and the Redis
/// client then hands it a connection on that same loop (docs/redis.md, the around=me bar).
@Suite struct EventLoopTaskExecutorTests {
    @Test func aPreferringTaskRunsAndResumesOnItsLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        for loop in Array(group.makeIterator()) {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(loop: loop)) {
                #expect(loop.inEventLoop)
                // A future completed later, from the loop itself, as a socket read would be.
                let value = try await loop.scheduleTask(in: .milliseconds(2)) { 7 }.futureResult.get()
                #expect(value == 7 && loop.inEventLoop)
                try await Task.sleep(for: .milliseconds(2))
                #expect(loop.inEventLoop)
            }
        }
        try await group.shutdownGracefully()
    }

    @Test func theRedisClientAnswersOnTheCallersLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let client = RedisClient(configuration: RedisConfiguration(url: try RedisURL(RedisTestSupport.url()), poolSize: 4), group: group)
        for loop in Array(group.makeIterator()) {
            try await withTaskExecutorPreference(EventLoopTaskExecutor(loop: loop)) {
                for _ in 0..<4 {
                    let connection = try await client.connection()
                    #expect(connection.channel.eventLoop === loop)
                    try await client.ping()
                    #expect(loop.inEventLoop)
                }
            }
        }
        // Off every loop, commands still spread over the whole pool.
        var loops = Set<ObjectIdentifier>()
        for _ in 0..<4 { loops.insert(ObjectIdentifier(try await client.connection().channel.eventLoop)) }
        #expect(loops.count == 2)
        client.shutdown()
        try await group.shutdownGracefully()
    }
}
