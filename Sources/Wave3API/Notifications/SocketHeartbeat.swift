import ServiceLifecycle

/// Pings every WebSocket of the replica once a period from one task (`SocketHub.heartbeat`); a
/// socket that has not answered the previous ping is closed, so a dead one lasts at most two periods.
struct SocketHeartbeat: Service {
    let hub: SocketHub
    let period: Duration

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: period) }
            } catch {
                return
            }
            hub.heartbeat()
        }
    }
}
