import NIOCore
import NIOHTTP1
import NIOPosix

/// Idle keep-alive connections to each replica, owned by one event loop: a connection is only
/// handed to requests on the loop it lives on, so proxying never hops threads.
final class UpstreamConnectionPool {
    private let loop: any EventLoop
    private var idle: [Upstream: [UpstreamHandler]] = [:]
    private let maxIdlePerReplica: Int
    private let connectTimeout: TimeAmount
    private let maxHeaderBytes: Int

    init(loop: any EventLoop, maxIdlePerReplica: Int, connectTimeout: TimeAmount, maxHeaderBytes: Int) {
        self.loop = loop
        self.maxIdlePerReplica = maxIdlePerReplica
        self.connectTimeout = connectTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// A pooled connection if one is idle, else a new one.
    func acquire(_ upstream: Upstream) -> EventLoopFuture<UpstreamHandler> {
        while var stack = idle[upstream], let h = stack.popLast() {
            idle[upstream] = stack
            if let ctx = h.context, ctx.channel.isActive { return loop.makeSucceededFuture(h) }
        }
        return connect(upstream)
    }

    func connect(_ upstream: Upstream) -> EventLoopFuture<UpstreamHandler> {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderListSize = maxHeaderBytes * 2
        return ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // `.forwardBytes`: after a 101 the decoder is removed and whatever the replica
                    // already sent past its headers must reach the tunnel, not be dropped.
                    try channel.pipeline.syncOperations.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes, enableOutboundHeaderValidation: false,
                        decoderLimitConfiguration: limits)
                    try channel.pipeline.syncOperations.addHandler(UpstreamHandler(replica: upstream))
                }
            }
            .connect(host: upstream.host, port: upstream.port)
            .flatMapThrowing { channel in
                try channel.pipeline.syncOperations.handler(type: UpstreamHandler.self)
            }
    }

    func release(_ handler: UpstreamHandler) {
        handler.delegate = nil
        guard let ctx = handler.context, ctx.channel.isActive else { return }
        var stack = idle[handler.replica, default: []]
        guard stack.count < maxIdlePerReplica else {
            ctx.close(promise: nil)
            return
        }
        handler.onInactive = { [weak self] h in self?.remove(h) }
        stack.append(handler)
        idle[handler.replica] = stack
    }

    private func remove(_ handler: UpstreamHandler) {
        guard var stack = idle[handler.replica], let i = stack.firstIndex(where: { $0 === handler }) else { return }
        stack.remove(at: i)
        idle[handler.replica] = stack
    }

    /// Close idle connections to replicas no longer configured (or all of them).
    func closeIdle(keeping: Set<Upstream> = []) {
        for (u, stack) in idle where !keeping.contains(u) {
            for h in stack { h.context?.close(promise: nil) }
            idle[u] = nil
        }
    }

    var idleCount: Int { idle.values.reduce(0) { $0 + $1.count } }
}
