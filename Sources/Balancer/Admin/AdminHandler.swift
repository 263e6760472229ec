import NIOCore
import NIOHTTP1

/// HTTP/1.1 handler of the admin listener: collects the request, lets `AdminAPI` answer it
/// (off the loop when it needs to gather from every loop), writes the response.
final class AdminHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: BalancerServer
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(server: BalancerServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.clear()
        case .body(var b):
            if body.readableBytes + b.readableBytes <= 1 << 20 { body.writeBuffer(&b) }
        case .end:
            guard let head else { return }
            self.head = nil
            if let denial = server.adminAccess.check(method: head.method.rawValue, path: head.uri, host: head.headers.first(name: "host"),
                                                      origin: head.headers.first(name: "origin"), authorization: head.headers.first(name: "authorization")) {
                respond(context: context, head: head, AdminAPI(server: server).error(denial.status, denial.code, denial.message),
                        extra: denial == .token ? [("WWW-Authenticate", "Bearer")] : [])
                return
            }
            if head.uri.hasPrefix("/dashboard/ws"), head.headers.first(name: "upgrade")?.lowercased() == "websocket",
               let key = head.headers.first(name: "sec-websocket-key") {
                // Next tick: the request decoder is still inside this callback.
                context.eventLoop.assumeIsolated().execute { self.upgradeToFeed(context: context, head: head, key: key) }
                return
            }
            let request = AdminAPI.Request(method: head.method.rawValue, path: head.uri, body: body.readString(length: body.readableBytes) ?? "")
            let promise = context.eventLoop.makePromise(of: AdminAPI.Response.self)
            let api = AdminAPI(server: server)
            promise.completeWithTask { await api.handle(request) }
            promise.futureResult.assumeIsolated().whenSuccess { response in
                self.respond(context: context, head: head, response)
            }
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, _ response: AdminAPI.Response, extra: [(String, String)] = []) {
        let keepAlive = head.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.utf8.count))
        headers.add(name: "Cache-Control", value: "no-store")
        for (k, v) in extra { headers.add(name: k, value: v) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    /// Answers the handshake, then replaces the HTTP codec with the stats feed.
    private func upgradeToFeed(context: ChannelHandlerContext, head: HTTPRequestHead, key: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Upgrade", value: "websocket")
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: DashboardSocketHandler.acceptValue(forKey: key))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .switchingProtocols, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        do {
            try HTTPUpgradeCodecs.replaceServerCodecs(of: context, with: DashboardSocketHandler(server: server))
        } catch {
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
