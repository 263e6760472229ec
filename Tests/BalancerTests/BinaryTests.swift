import Foundation
import NIOPosix
import Testing
@testable import Balancer
import BalancerTestSupport

/// The `rl-balancer` executable itself, as an operator runs it: flags, an upstream file, SIGTERM.
extension AllBalancerTests {
    @Suite(.serialized) struct BinaryTests {
        /// `swift build --build-tests` puts the executable next to the test bundle.
        static func binary() throws -> URL {
            let candidates = [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rl-balancer"),
                URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent(".build/debug/rl-balancer"),
            ]
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw BinaryMissing(searched: candidates.map(\.path))
            }
            return found
        }

        struct BinaryMissing: Error { var searched: [String] }

        static func waitForPort(_ port: Int, seconds: Double = 20) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if (try? RawHTTP(port: port)) != nil { return }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            throw POSIXError(.ETIMEDOUT)
        }

        @Test func servesFromAnUpstreamFileAndDrainsOnSIGTERM() async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let stubs = [StubReplicaServer(name: "a", group: group), StubReplicaServer(name: "b", group: group)]
            for s in stubs { try await s.start() }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rlb-bin-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("upstreams")
            let a = "127.0.0.1:\(stubs[0].port)", b = "127.0.0.1:\(stubs[1].port)"
            try "\(a)\n".write(to: file, atomically: true, encoding: .utf8)
            let port = RawHTTP.freePort(), admin = AdminEndpoint(port: RawHTTP.freePort(), token: "binary-test-admin-token")

            let process = Process()
            process.executableURL = try Self.binary()
            process.arguments = ["serve", "--listen", "127.0.0.1:\(port)", "--admin", "127.0.0.1:\(admin.port)",
                                 "--upstream-file", file.path, "--policy", "round_robin", "--threads", "1"]
            process.environment = ProcessInfo.processInfo.environment.merging(["BALANCER_ADMIN_TOKEN": admin.token]) { _, mine in mine }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                if process.isRunning { process.terminate() }
                try? FileManager.default.removeItem(at: dir)
            }
            try await Self.waitForPort(port)

            #expect(try RawHTTP.get(port, "/")?.header("x-upstream") == a)
            try "\(a)\n\(b)\n".write(to: file, atomically: true, encoding: .utf8)
            var seen = Set<String>()
            for _ in 0..<40 where seen.count < 2 {
                try await Task.sleep(nanoseconds: 100_000_000)
                seen.insert(try RawHTTP.get(port, "/")?.header("x-upstream") ?? "")
            }
            #expect(seen == [a, b])
            #expect(try RawHTTP.get(admin, "/upstreams")?.body.contains(b) == true)

            // SIGTERM while a request is in flight: it completes, new connections are refused, the
            // process exits cleanly.
            let inflight = Task { try await onThread { try RawHTTP.get(port, "/slow?ms=800")?.status } }
            try await waitUntil("the slow request in flight") { try RawHTTP.get(admin, "/upstreams")?.body.contains(#""inflight":1"#) == true }
            kill(process.processIdentifier, SIGTERM)
            try await waitUntil("the listener closed") { (try? RawHTTP(port: port)) == nil }
            #expect(try await inflight.value == 200)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { try await Task.sleep(nanoseconds: 50_000_000) }
            #expect(!process.isRunning)
            if !process.isRunning {
                #expect(process.terminationReason == .exit && process.terminationStatus == 0)
            }

            for s in stubs { await s.stop() }
            try await group.shutdownGracefully()
        }
    }
}
