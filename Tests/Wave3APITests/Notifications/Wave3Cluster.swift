import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Storage
import Synchronization
import TestSupport
@testable import Wave3API

/// Real `wave3 serve` replicas and `wave3 worker`s on one SQLite file, with a private RabbitMQ or
/// none (the embedded twin). The test process opens the same database to create learners and
/// notifications and to count what was stored.
final class Wave3Cluster: Sendable {
    let directory: URL
    let databaseURL: String
    let broker: PrivateRabbitMQ?
    let services: AppServices
    let configuration: AppConfiguration
    let extraEnvironment: [String: String]
    private let processes = Mutex<[String: pid_t]>([:])
    private let statuses = Mutex<[String: Int32]>([:])
    private let ports = Mutex<[String: Int]>([:])

    struct Failed: Error, CustomStringConvertible { let description: String }

    private init(directory: URL, databaseURL: String, broker: PrivateRabbitMQ?, services: AppServices, configuration: AppConfiguration,
                 environment: [String: String]) {
        self.directory = directory
        self.databaseURL = databaseURL
        self.broker = broker
        self.services = services
        self.configuration = configuration
        self.extraEnvironment = environment
    }

    /// Runs `body` against a fresh cluster and tears every process, the broker and the files down.
    static func with(broker useBroker: Bool, environment: [String: String] = [:], _ body: (Wave3Cluster) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wave3-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let databaseURL = "sqlite://" + directory.appendingPathComponent("db.sqlite").path
        let configuration = TestEnvironment.configuration()
        let database = try await Database.open(url: databaseURL, logger: Logger(label: "test"))
        try await Migrator(directory: TestEnvironment.migrations).migrate(database, logger: Logger(label: "test"))
        var broker: PrivateRabbitMQ?
        do {
            if useBroker { broker = try await PrivateRabbitMQ.start() }
        } catch {
            try? await database.close()
            throw error
        }
        let cluster = Wave3Cluster(directory: directory, databaseURL: databaseURL, broker: broker,
                                   services: await AppServices(database: database, configuration: configuration),
                                   configuration: configuration, environment: environment)
        do {
            try await body(cluster)
        } catch {
            print("cluster logs in \(directory.path)")
            await cluster.tearDown(keepFiles: true)
            throw error
        }
        await cluster.tearDown(keepFiles: false)
    }

    private func tearDown(keepFiles: Bool) async {
        for (name, pid) in processes.withLock({ $0 }) where statuses.withLock({ $0[name] }) == nil {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
        try? await services.database.close()
        await broker?.stop()
        if !keepFiles { try? FileManager.default.removeItem(at: directory) }
    }

    static func binary() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("wave3"),
            TestEnvironment.repositoryRoot.appendingPathComponent(".build/debug/wave3"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failed(description: "no wave3 binary in \(candidates.map(\.path))")
        }
        return found
    }

    private func launch(_ name: String, arguments: [String]) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["WAVE3_DATABASE_URL"] = databaseURL
        environment["WAVE3_JWT_SECRET"] = configuration.jwtSecret
        environment["WAVE3_PUBLIC_DIR"] = configuration.publicDirectory
        environment["WAVE3_MIGRATIONS_DIR"] = configuration.migrationsDirectory
        environment["WAVE3_LOG_LEVEL"] = "info"
        environment["WAVE3_LOG_FORMAT"] = "text"
        environment["WAVE3_REPLICA_ID"] = name
        environment["WAVE3_AMQP_URL"] = broker?.url ?? ""
        for (key, value) in extraEnvironment { environment[key] = value }
        let log = directory.appendingPathComponent("\(name).log").path
        let command = "exec '\(try Self.binary().path)' " + arguments.joined(separator: " ") + " >>'\(log)' 2>&1 </dev/null"
        let pid = try Spawn.start(command, environment: environment)
        processes.withLock { $0[name] = pid }
    }

    /// Starts `wave3 serve` on a free port and returns once it answers /health/live.
    @discardableResult
    func startReplica(_ name: String) async throws -> Int {
        let port = Self.freePort()
        try launch(name, arguments: ["serve", "--port", "\(port)"])
        ports.withLock { $0[name] = port }
        try await wait("\(name) up", within: 30) { (try? await self.request("GET", port: port, "/health/live").status) == 200 }
        return port
    }

    func startWorker(_ name: String) throws { try launch(name, arguments: ["worker"]) }

    func port(_ name: String) -> Int { ports.withLock { $0[name] ?? 0 } }

    func signal(_ name: String, _ signal: Int32) {
        if let pid = processes.withLock({ $0[name] }) { kill(pid, signal) }
    }

    func exitStatus(_ name: String) async throws -> Int32 {
        guard let pid = processes.withLock({ $0[name] }) else { throw Failed(description: "no process \(name)") }
        try await wait("\(name) exits", within: 30) {
            guard let status = Spawn.poll(pid) else { return false }
            self.statuses.withLock { $0[name] = status }
            return true
        }
        return statuses.withLock { $0[name] ?? -1 }
    }

    /// A learner (or admin) written to the shared database, with a token the replicas accept.
    func user(_ email: String, role: String = "learner") async throws -> Session {
        let record = try await services.users.create(email: email, passwordHash: "!", displayName: email, role: role)
        let token = try await services.auth.issueToken(userId: record.id, role: role == "admin" ? .admin : .learner)
        return Session(token: token, userId: record.id)
    }

    struct HTTPResult { let status: Int; let json: [String: Any] }

    func request(_ method: String, port: Int, _ path: String, token: String? = nil, json: String? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return HTTPResult(status: status, json: (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    func count(_ sql: String) async throws -> Int {
        try await NotificationTestSupport.count(services, sql)
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                _ = bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
