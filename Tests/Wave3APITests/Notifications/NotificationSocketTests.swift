import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import NIOWebSocket
import Testing
@testable import Wave3API
import SQLKit
import Storage

/// `GET /api/v1/ws` on the embedded twin: authentication at the upgrade, every tab of a learner,
/// nobody else's messages, slow clients dropped, a clean close when the replica stops.
@Suite struct NotificationSocketTests {
    @Test func upgradeNeedsAValidToken() async throws {
        try await NotificationTestSupport.withLiveApp { client, _, port in
            let learner = try await client.register("s@example.org")
            await #expect(throws: (any Error).self) { _ = try await SocketRecorder.open(port: port, token: nil) }
            await #expect(throws: (any Error).self) { _ = try await SocketRecorder.open(port: port, token: "not-a-jwt") }
            #expect(try await client.send(.get, "/api/v1/ws").status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/ws?token=forged").status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/ws?token=\(learner.token)").status == .upgradeRequired)
            let socket = try await SocketRecorder.open(port: port, token: learner.token)
            #expect(socket.isOpen)
            socket.close()
        }
    }

    @Test func everyTabOfTheLearnerGetsEachNotificationOnceAndOthersNone() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, port in
            let learner = try await client.register("s@example.org")
            let other = try await client.register("t@example.org")
            let tabs = [try await SocketRecorder.open(port: port, token: learner.token), try await SocketRecorder.open(port: port, token: learner.token)]
            let stranger = try await SocketRecorder.open(port: port, token: other.token)
            try await wait("three sockets registered") { services.notifications.socketCount == 3 }
            for index in 0..<20 { try await NotificationTestSupport.notify(services, id: "live-\(index)", userId: learner.userId, priority: index % 3) }
            try await wait("both tabs got all 20") { tabs.allSatisfy { $0.notificationIds.count >= 20 } }
            for tab in tabs { #expect(Set(tab.notificationIds) == Set((0..<20).map { "live-\($0)" }) && tab.notificationIds.count == 20) }
            let first = try #require(tabs[0].messages(type: "notification").first?["notification"] as? [String: Any])
            #expect(first["title"] as? String == "Title" && first["readAt"] == nil && first["createdAt"] is String)
            // The stranger's socket is still served, and got none of it.
            try await NotificationTestSupport.notify(services, id: "for-other", userId: other.userId)
            try await wait("stranger got its own") { stranger.notificationIds == ["for-other"] }
            #expect(tabs.allSatisfy { !$0.notificationIds.contains("for-other") })

            tabs[0].close()
            try await wait("a closed tab is forgotten") { services.notifications.socketCount == 2 }
        }
    }

    /// Regression: a time-only cursor with a 2,000-row page re-read the same burst forever once
    /// more than a page of pushes shared one look-back window (the demo seed's fan-outs do), and
    /// nothing created after the burst reached any socket.
    @Test func aBurstOfPushesInOneInstantDoesNotStallDelivery() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, port in
            let learner = try await client.register("burst@example.org")
            let socket = try await SocketRecorder.open(port: port, token: learner.token)
            try await wait("socket registered") { services.notifications.socketCount == 1 }
            let instant = Timestamp.nowMillis()
            try await services.database.transaction { sql in
                for chunk in stride(from: 0, to: 3_000, by: 500) {
                    var insert = sql.insert(into: "outbox").columns("id", "kind", "exchange", "routing_key", "body", "created_at", "available_at")
                    for index in chunk..<chunk + 500 {
                        let push = PushEnvelope(id: "burst-\(index)", learnerIds: ["nobody"], message: "{}")
                        insert = insert.values(SQLBind(push.id), SQLBind(OutboxKind.push.rawValue), SQLBind(MessageRoutes.userNotifications),
                                               SQLBind(MessageRoutes.deliverKey), SQLBind(try MessageJSON.encode(push)), SQLBind(instant), SQLBind(instant))
                    }
                    try await insert.run()
                }
            }
            try await NotificationTestSupport.notify(services, id: "after-burst", userId: learner.userId)
            try await wait("the notification after the burst arrives") { socket.notificationIds == ["after-burst"] }
            socket.close()
        }
    }

    @Test func aSlowClientIsDroppedWithoutHoldingUpTheOthers() async throws {
        try await NotificationTestSupport.withLiveApp(configure: { $0.notifications.socketBuffer = 8 }) { client, services, port in
            let slow = try await client.register("slow@example.org")
            let fast = try await client.register("fast@example.org")
            let stalled = try StalledSocket(port: port, token: slow.token)
            let reader = try await SocketRecorder.open(port: port, token: fast.token)
            try await wait("both registered") { services.notifications.socketCount == 2 }
            // 64 KiB messages for the learner who never reads: the kernel's buffers fill, then the
            // socket's bounded buffer, and the replica drops that socket.
            let big = String(repeating: "x", count: 64 * 1024)
            let deadline = Date().addingTimeInterval(30)
            var pushed = 0
            while services.notifications.socketCount > 1, Date() < deadline {
                pushed += 1
                services.notifications.hub.deliver(PushEnvelope(id: "big-\(pushed)", learnerIds: [slow.userId], message: big))
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(services.notifications.socketCount == 1, "the stalled socket was dropped after \(pushed) pushes")
            try await NotificationTestSupport.notify(services, id: "still-served", userId: fast.userId)
            try await wait("the other socket is still served") { reader.notificationIds == ["still-served"] }
            stalled.close()
        }
    }

    /// The replica-wide heartbeat: a client that answers pings stays, one that does not (a hung
    /// tab, a peer gone without a FIN) is closed within two ping periods.
    @Test func theHeartbeatClosesASocketThatDoesNotAnswerPings() async throws {
        try await NotificationTestSupport.withLiveApp(configure: { $0.notifications.pingSeconds = 1 }) { client, services, port in
            let silent = try await client.register("silent@example.org")
            let lively = try await client.register("lively@example.org")
            let hung = try StalledSocket(port: port, token: silent.token)
            let answering = try await SocketRecorder.open(port: port, token: lively.token)
            try await wait("both registered") { services.notifications.socketCount == 2 }
            try await wait("the silent socket is closed", within: 10) { services.notifications.socketCount == 1 }
            // The answering one has been pinged at least twice by now and is still served.
            try await NotificationTestSupport.notify(services, id: "still-here", userId: lively.userId)
            try await wait("the answering socket is still served") { answering.notificationIds == ["still-here"] }
            #expect(answering.isOpen)
            hung.close()
            answering.close()
        }
    }

    @Test func stoppingTheReplicaClosesEverySocketWithGoingAway() async throws {
        try await NotificationTestSupport.withLiveApp { client, services, port in
            let learner = try await client.register("s@example.org")
            let sockets = [try await SocketRecorder.open(port: port, token: learner.token), try await SocketRecorder.open(port: port, token: learner.token)]
            try await wait("registered") { services.notifications.socketCount == 2 }
            // What the graceful-shutdown handler of socket delivery does on SIGTERM.
            services.notifications.hub.closeAll()
            try await wait("closed") { sockets.allSatisfy(\.ended) }
            #expect(sockets.allSatisfy { $0.closeCode == .goingAway })
            // A socket opened during the shutdown is closed at once the same way.
            let late = try await SocketRecorder.open(port: port, token: learner.token)
            try await wait("late socket closed") { late.ended }
            #expect(late.closeCode == .goingAway)
        }
    }
}
