import Foundation
import Testing
@testable import Wave3API

/// `WAVE3_CONNECTIONS_ON_EVENT_LOOPS=1` (docs/redis.md) changes which executor runs every
/// connection's task, so a real replica started with it must still serve requests, the
/// WebSocket upgrade and pushes as the default does.
@Suite(.serialized) struct ConnectionsOnEventLoopsTests {
    @Test func aReplicaServingConnectionsOnTheirEventLoopsAnswersRequestsAndPushes() async throws {
        try await Wave3Cluster.with(broker: false, environment: ["WAVE3_CONNECTIONS_ON_EVENT_LOOPS": "1"]) { cluster in
            let port = try await cluster.startReplica("replica-loops")
            let admin = try await cluster.user("admin@example.org", role: "admin")
            let learner = try await cluster.user("l@example.org")
            for _ in 0..<20 {
                let lessons = try await cluster.request("GET", port: port, "/api/v1/lessons", token: learner.token)
                #expect(lessons.status == 200)
            }
            let socket = try await SocketRecorder.open(port: port, token: learner.token)
            let response = try await cluster.request("POST", port: port, "/api/v1/admin/notifications", token: admin.token,
                                                     json: #"{"learnerIds":["\#(learner.userId)"],"type":"announcement","title":"Loops","body":"On the event loop"}"#)
            #expect(response.status == 202)
            try await wait("pushed", within: 30) { socket.notificationIds.count == 1 }
            cluster.signal("replica-loops", SIGTERM)
            try await wait("socket closed") { socket.ended }
            #expect(try await cluster.exitStatus("replica-loops") == 0)
        }
    }
}
