import Balancer
import Crypto
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 replica for tests and benchmarks (a test-support target, never in the balancer): keep-alive, configurable delay and
/// status, `/health/ready`, `/echo` (request headers and body back as JSON), `/ws` (accepts a
/// WebSocket upgrade, then echoes raw bytes), and stop/restart on the same port to simulate a
/// replica dying and coming back.
public final class StubReplicaServer: Sendable {
    public struct Behaviour: Sendable {
        public var delay: TimeAmount = .zero
        public var status: Int = 200
        public var healthy = true
        /// Close the connection instead of answering (a replica crashing mid-request).
        public var dropRequests = false
        public init() {}
    }

    public let name: String
    let group: any EventLoopGroup
    let behaviour = NIOLockedValueBox(Behaviour())
    private let state = NIOLockedValueBox<(channel: (any Channel)?, children: [ObjectIdentifier: any Channel], port: Int, hits: Int)>((nil, [:], 0, 0))

    public init(name: String, group: any EventLoopGroup) {
        self.name = name
        self.group = group
    }

    public var port: Int { state.withLockedValue { $0.port } }
    public var hits: Int { state.withLockedValue { $0.hits } }
    public func setBehaviour(_ change: (inout Behaviour) -> Void) { behaviour.withLockedValue(change) }

    /// Binds `port` (0 picks a free one; a restart reuses the previous port).
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let bindPort = port != 0 ? port : state.withLockedValue { $0.port }
        let server = self
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true, withOutboundHeaderValidation: false, withEncoderConfiguration: .init())
                    try channel.pipeline.syncOperations.addHandler(StubHandler(server: server))
                    server.track(channel)
                }
            }
            .bind(host: host, port: bindPort).get()
        let bound = channel.localAddress?.port ?? bindPort
        state.withLockedValue {
            $0.channel = channel
            $0.port = bound
        }
        return bound
    }

    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.children[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLockedValue { $0.children.removeValue(forKey: id) }
        }
    }

    func hit() { state.withLockedValue { $0.hits += 1 } }

    /// Like a killed process: the listener and every open connection close at once.
    public func stop() async {
        let (listener, children) = state.withLockedValue { s in
            defer { s.channel = nil }
            return (s.channel, Array(s.children.values))
        }
        try? await listener?.close()
        for c in children { try? await c.close() }
    }
}

final class StubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let server: StubReplicaServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(server: StubReplicaServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.clear()
        case .body(var b):
            body.writeBuffer(&b)
        case .end:
            guard let head else { return }
            server.hit()
            let b = server.behaviour.withLockedValue { $0 }
            if b.dropRequests && !head.uri.hasPrefix("/health") {
                context.close(promise: nil)
                return
            }
            if head.uri.hasPrefix("/ws"), head.headers.first(name: "upgrade")?.lowercased() == "websocket",
               let key = head.headers.first(name: "sec-websocket-key") {
                upgrade(context: context, head: head, key: key)
                return
            }
            if path(of: head) == "/chunked" {
                // No Content-Length: NIO's encoder frames the body as chunks.
                var headers = HTTPHeaders()
                headers.add(name: "X-Replica", value: server.name)
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
                for part in ["part one, ", "part two"] {
                    context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: part)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                self.head = nil
                return
            }
            var status = b.status
            var payload: String
            let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
            if path == "/health/ready" || path == "/health/live" {
                status = b.healthy ? 200 : 503
                payload = b.healthy ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#
            } else if path == "/echo" {
                var fields: [String: String] = [:]
                for (k, v) in head.headers { fields[k.lowercased()] = v }
                fields[":method"] = head.method.rawValue
                fields[":uri"] = head.uri
                fields[":body"] = body.getString(at: body.readerIndex, length: body.readableBytes) ?? ""
                fields[":replica"] = server.name
                payload = String(data: (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data(), encoding: .utf8) ?? "{}"
            } else if path.hasPrefix("/status/"), let s = Int(path.dropFirst(8)) {
                status = s
                payload = "status \(s)"
            } else if path == "/big" {
                payload = String(repeating: "x", count: 1 << 20)
            } else {
                payload = "hello from \(server.name)"
            }
            let keepAlive = head.isKeepAlive
            let respond: () -> Void = {
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "text/plain")
                headers.add(name: "Content-Length", value: String(payload.utf8.count))
                headers.add(name: "X-Replica", value: self.server.name)
                if !keepAlive { headers.add(name: "Connection", value: "close") }
                context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers))), promise: nil)
                if head.method != .HEAD {
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: payload)))), promise: nil)
                }
                let f = context.writeAndFlush(self.wrapOutboundOut(.end(nil)))
                if !keepAlive { f.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
            }
            var delay = b.delay
            if let q = head.uri.split(separator: "?").dropFirst().first, q.hasPrefix("ms="), let ms = Int64(q.dropFirst(3)) {
                delay = .milliseconds(ms)
            }
            if delay == .zero || path.hasPrefix("/health") {
                respond()
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { respond() }
            }
            self.head = nil
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func path(of head: HTTPRequestHead) -> Substring {
        head.uri.split(separator: "?").first ?? Substring(head.uri)
    }

    /// RFC 6455 handshake, then the HTTP codec leaves and every byte is echoed back unchanged:
    /// enough to prove a proxy glues both directions without interpreting frames.
    private func upgrade(context: ChannelHandlerContext, head: HTTPRequestHead, key: String) {
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        var headers = HTTPHeaders()
        headers.add(name: "Upgrade", value: "websocket")
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: Data(digest).base64EncodedString())
        headers.add(name: "X-Replica", value: server.name)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .switchingProtocols, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        self.head = nil
        do {
            try HTTPUpgradeCodecs.replaceServerCodecs(of: context, with: RawEchoHandler())
        } catch {
            context.close(promise: nil)
        }
    }
}

extension StubHandler: RemovableChannelHandler {}

final class RawEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}
