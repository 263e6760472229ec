import Foundation
import Messaging
import Testing
import TestSupport
@testable import Wave3API
import Storage

/// The bars of docs/notifications.md with real processes: two `wave3 serve` replicas and `wave3
/// worker` on one database, with a private RabbitMQ and, where the bar applies to it, without one
/// (the embedded twin).
@Suite(.serialized) struct NotificationClusterTests {
    @Test(arguments: [true, false])
    func aNotificationCreatedThroughReplicaAArrivesOnReplicaBAndSIGTERMClosesSocketsCleanly(broker: Bool) async throws {
        try await Wave3Cluster.with(broker: broker) { cluster in
            let a = try await cluster.startReplica("replica-a")
            let b = try await cluster.startReplica("replica-b")
            try cluster.startWorker("worker")
            let admin = try await cluster.user("admin@example.org", role: "admin")
            let learner = try await cluster.user("l@example.org")
            let socket = try await SocketRecorder.open(port: b, token: learner.token)
            let other = try await SocketRecorder.open(port: a, token: learner.token)

            let response = try await cluster.request("POST", port: a, "/api/v1/admin/notifications", token: admin.token,
                                                     json: #"{"learnerIds":["\#(learner.userId)"],"type":"announcement","title":"Across","body":"From A to B","priority":9}"#)
            #expect(response.status == 202)
            try await wait("arrived on B", within: 30) { socket.notificationIds.count == 1 && other.notificationIds.count == 1 }
            let item = try #require(socket.messages(type: "notification").first?["notification"] as? [String: Any])
            #expect(item["title"] as? String == "Across" && item["priority"] as? Int == 9)
            #expect(try await cluster.count("SELECT COUNT(*) AS n FROM notifications") == 1)

            cluster.signal("replica-b", SIGTERM)
            try await wait("socket on B closed") { socket.ended }
            // A clean close: a close frame, 1000 from the WebSocket library's own shutdown handler
            // or 1001 from the replica's, whichever runs first; never a dropped connection.
            #expect(socket.closeCode == .normalClosure || socket.closeCode == .goingAway, "\(String(describing: socket.closeCode))")
            #expect(try await cluster.exitStatus("replica-b") == 0)
            #expect(other.isOpen, "replica A keeps its sockets")
            // Signal a worker that is running, not one still starting (its handlers not yet installed).
            let workerLogPath = cluster.directory.appendingPathComponent("worker.log").path
            try await wait("worker started", within: 30) {
                ((try? String(contentsOfFile: workerLogPath, encoding: .utf8)) ?? "").contains("worker started")
            }
            cluster.signal("worker", SIGTERM)
            let workerStatus = try await cluster.exitStatus("worker")
            let workerLog = (try? String(contentsOfFile: workerLogPath, encoding: .utf8)) ?? ""
            #expect(workerStatus == 0, "worker exit status \(workerStatus): \(workerLog.suffix(1500))")
        }
    }

    /// 1,000 notifications committed while the broker is stopped for 10 s: each reaches every
    /// socket of its learner exactly once after it returns, and each is stored once.
    @Test func aTenSecondBrokerOutageLosesAndDuplicatesNothing() async throws {
        try await Wave3Cluster.with(broker: true) { cluster in
            let ports = [try await cluster.startReplica("replica-a"), try await cluster.startReplica("replica-b")]
            try cluster.startWorker("worker")
            let broker = try #require(cluster.broker)
            var learners: [Session] = []
            var opened: [(learner: Int, socket: SocketRecorder)] = []
            for index in 0..<20 {
                let learner = try await cluster.user("l\(index)@example.org")
                learners.append(learner)
                opened.append((index, try await SocketRecorder.open(port: ports[index % 2], token: learner.token)))
            }
            // Learner 0 has a tab on each replica.
            opened.append((0, try await SocketRecorder.open(port: ports[1], token: learners[0].token)))
            let sockets = opened
            let learnerIds = learners.map(\.userId)

            try await broker.stopApp()
            let stoppedAt = Date()
            var created = 0
            while created < 1000 {
                let batch = created
                try await cluster.services.database.transaction { sql in
                    for index in batch..<(batch + 10) {
                        try await NotificationRepository.create(NewNotification(id: "out-\(index)", userId: learnerIds[index % 20], type: "test",
                                                                                title: "n\(index)", body: "during the outage"),
                                                                render: NotificationJSON.render, on: sql)
                    }
                }
                created += 10
                // Spread over the outage: 10 per 100 ms.
                let due = stoppedAt.addingTimeInterval(Double(created) / 100)
                if due > Date() { try await Task.sleep(for: .milliseconds(Int(due.timeIntervalSinceNow * 1000))) }
            }
            let remaining = 10 - Date().timeIntervalSince(stoppedAt)
            if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000))) }
            #expect(sockets.allSatisfy { $0.socket.notificationIds.isEmpty }, "nothing can travel while the broker is down")
            try await broker.startApp()

            try await wait("every notification on every socket of its learner", within: 90) {
                sockets.allSatisfy { $0.socket.notificationIds.count >= 50 }
            }
            // One more per learner after the backlog: once it is there, anything late would be too.
            for (index, learner) in learners.enumerated() {
                _ = try await cluster.services.database.transaction { sql in
                    try await NotificationRepository.create(NewNotification(id: "after-\(index)", userId: learner.userId, type: "test", title: "after", body: "b"),
                                                            render: NotificationJSON.render, on: sql)
                }
            }
            try await wait("sentinels", within: 30) { sockets.allSatisfy { $0.socket.notificationIds.last?.hasPrefix("after-") == true } }
            for (index, socket) in sockets {
                let ids = socket.notificationIds.filter { $0.hasPrefix("out-") }
                let expected = Set(stride(from: index, to: 1000, by: 20).map { "out-\($0)" })
                #expect(ids.count == 50 && Set(ids) == expected, "learner \(index): \(ids.count) received, \(Set(ids).count) distinct")
            }
            #expect(try await cluster.count("SELECT COUNT(*) AS n FROM notifications WHERE id LIKE 'out-%'") == 1000)
            try await wait("outbox drained", within: 30) { try await cluster.count("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'") == 0 }
        }
    }

    @Test func aThrowingTaskIsRetriedWithBackOffAndEndsInTheDeadLetterQueue() async throws {
        try await Wave3Cluster.with(broker: true, environment: ["WAVE3_TASK_MAX_ATTEMPTS": "3", "WAVE3_TASK_RETRY_BASE_MS": "100"]) { cluster in
            try cluster.startWorker("worker")
            let broker = try #require(cluster.broker)
            let start = Timestamp.nowMillis()
            try await cluster.services.database.transaction { sql in
                try await Outbox.enqueue(task: TaskMessage(id: "doomed", task: "recompute_recommendations", args: ["learnerId": "nobody"]), on: sql)
            }
            try await wait("dead-lettered", within: 30) { try await cluster.count("SELECT COUNT(*) AS n FROM dead_tasks WHERE id = 'doomed'") == 1 }
            let row = try #require(try await cluster.services.database.sql.raw("SELECT attempts, failed_at FROM dead_tasks WHERE id = 'doomed'").first())
            #expect(try row.decode(column: "attempts", as: Int.self) == 3)
            #expect(try row.decode(column: "failed_at", as: Int64.self) - start >= 500, "back-off of 100 ms then 400 ms")
            try await wait("in async_tasks.dead") {
                try await AMQPAdmin.messageCount(url: try broker.amqpURL(), queue: .init(BrokerTopology.deadLetterQueue)) == 1
            }
            #expect(try await AMQPAdmin.messageCount(url: try broker.amqpURL(), queue: .init(MessageRoutes.asyncTasks)) == 0)
        }
    }

    /// A broadcast to 6,000 learners, the worker SIGKILLed in the middle of its fan-out: the
    /// broker redelivers the unacked task to the next worker, which completes it without doubles.
    @Test func aWorkerKilledMidTaskLosesNothing() async throws {
        try await Wave3Cluster.with(broker: true) { cluster in
            let learners = 6000
            try await cluster.services.database.transaction { sql in
                for start in stride(from: 0, to: learners, by: 500) {
                    let values = (start..<(start + 500)).map { "('k\($0)', 'k\($0)@example.org', '!', 'K', 'learner', 0)" }.joined(separator: ",")
                    try await sql.raw("INSERT INTO users (id, email, password_hash, display_name, role, created_at) VALUES \(unsafeRaw: values)").run()
                }
            }
            let a = try await cluster.startReplica("replica-a")
            let admin = try await cluster.user("admin@example.org", role: "admin")
            try cluster.startWorker("worker-1")
            let response = try await cluster.request("POST", port: a, "/api/v1/admin/notifications", token: admin.token,
                                                     json: #"{"type":"announcement","title":"Everyone","body":"Fan-out"}"#)
            #expect(response.status == 202)
            try await wait("fan-out under way", within: 60) { try await cluster.count("SELECT COUNT(*) AS n FROM notifications") > 0 }
            cluster.signal("worker-1", SIGKILL)
            let atKill = try await cluster.count("SELECT COUNT(*) AS n FROM notifications")
            #expect(atKill < learners, "killed mid-task (\(atKill) of \(learners) written)")
            try cluster.startWorker("worker-2")
            try await wait("the task finished by the next worker", within: 120) { try await cluster.count("SELECT COUNT(*) AS n FROM notifications") == learners }
            #expect(try await cluster.count("SELECT COUNT(DISTINCT user_id) AS n FROM notifications") == learners)
            #expect(try await cluster.count("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'push'") == learners)
        }
    }
}
