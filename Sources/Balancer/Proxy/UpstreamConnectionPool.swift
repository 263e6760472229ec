import NIOCore
import NIOHTTP1
import NIOPosix

/// Idle keep-alive connections to each replica, owned by one event loop: a connection is only
/// handed to requests on the loop it lives on, so proxying never hops threads.
final class UpstreamConnectionPool {
    private let loop: any EventLoop
    /// A class per replica: popping and pushing through a dictionary's `_modify` accessor cost
    /// three allocations per request (its coroutine frame), a stack object costs none.
    private final class Stack { var handlers: [UpstreamHandler] = [] }
    private var idle: [Upstream: Stack] = [:]
    private let maxIdlePerReplica: Int
    private let connectTimeout: TimeAmount
    private let maxHeaderBytes: Int

    init(loop: any EventLoop, maxIdlePerReplica: Int, connectTimeout: TimeAmount, maxHeaderBytes: Int) {
        self.loop = loop
        self.maxIdlePerReplica = maxIdlePerReplica
        self.connectTimeout = connectTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// An idle connection, synchronously: the common case needs no future or callback. The
    /// stacks are mutated in place (popping from a copy costs an array allocation per request).
    func takeIdle(_ upstream: Upstream) -> UpstreamHandler? {
        guard let stack = idle[upstream] else { return nil }
        while let h = stack.handlers.popLast() {
            h.idlePool = nil
            if let ctx = h.context, ctx.channel.isActive { return h }
        }
        return nil
    }

    func connect(_ upstream: Upstream) -> EventLoopFuture<UpstreamHandler> {
        let limits = NIOHTTPDecoderLimitConfiguration.limits(headerList: maxHeaderBytes * 2)
        return ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // `.forwardBytes`: after a 101 the decoder is removed and whatever the replica
                    // already sent past its headers must reach the tunnel, not be dropped.
                    // No request encoder: the proxy writes requests as bytes (HTTPWire).
                    let outlet = RequestBytesOutlet()
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(outlet)
                    try sync.addHandler(ByteToMessageHandler(HTTPResponseDecoder(
                        leftOverBytesStrategy: .forwardBytes, informationalResponseStrategy: .drop, limitConfiguration: limits)))
                    try sync.addHandler(UpstreamHandler(replica: upstream, outlet: outlet))
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
        let stack: Stack
        if let s = idle[handler.replica] {
            stack = s
        } else {
            stack = Stack()
            idle[handler.replica] = stack
        }
        guard stack.handlers.count < maxIdlePerReplica else {
            ctx.close(promise: nil)
            return
        }
        // A weak back-reference instead of a closure per release: the handler leaves the
        // stack if the replica closes it while idle.
        handler.idlePool = self
        stack.handlers.append(handler)
    }

    func remove(_ handler: UpstreamHandler) {
        guard let stack = idle[handler.replica], let i = stack.handlers.firstIndex(where: { $0 === handler }) else { return }
        stack.handlers.remove(at: i)
    }

    /// Close idle connections to replicas no longer configured (or all of them).
    func closeIdle(keeping: Set<Upstream> = []) {
        for (u, stack) in idle where !keeping.contains(u) {
            for h in stack.handlers {
                h.idlePool = nil
                h.context?.close(promise: nil)
            }
            idle[u] = nil
        }
    }

    var idleCount: Int { idle.values.reduce(0) { $0 + $1.handlers.count } }
}
