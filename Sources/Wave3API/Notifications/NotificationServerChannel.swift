import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// HTTP/1 with the `/api/v1/ws` upgrade, shaped like hummingbird-websocket's upgrade channel but
/// with no task behind an upgraded socket: the socket is plain NIO (`NotificationSocketHandler`)
/// and `handle` returns at once, so an idle WebSocket holds a channel and its handlers only. The
/// library keeps a connection task (and a ping task) per socket, about 7 KB of task memory each
/// (docs/notifications.md). Plain HTTP connections are served exactly as Hummingbird's own.
struct NotificationServerChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        /// The socket lives in its pipeline; nothing to await.
        case websocket
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// An upgrade request refused: 401 without a valid token, 400 on any other path; then close.
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, HTTPResponse.Status)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    /// The learner id of a valid token, nil otherwise.
    let authenticate: @Sendable (String) async -> String?
    let hub: SocketHub
    let maxFrameSize: Int
    let closeTimeout: TimeAmount

    init(responder: @escaping HTTPChannelHandler.Responder, hub: SocketHub, maxFrameSize: Int, closeTimeout: TimeAmount,
         authenticate: @escaping @Sendable (String) async -> String?) {
        self.responder = Self.upgradeAwareResponder(responder)
        self.hub = hub
        self.maxFrameSize = maxFrameSize
        self.closeTimeout = closeTimeout
        self.authenticate = authenticate
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Set when an upgrade was asked for and refused: the status it gets.
            let refusal = NIOLoopBoundBox<HTTPResponse.Status?>(nil, eventLoop: channel.eventLoop)
            let learner = NIOLoopBoundBox<String?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: maxFrameSize,
                enableAutomaticErrorHandling: true,
                shouldUpgrade: { [authenticate] channel, head in
                    guard NotificationSocket.isSocketPath(head.uri) else {
                        refusal.value = .badRequest
                        return channel.eventLoop.makeSucceededFuture(nil)
                    }
                    refusal.value = .unauthorized
                    guard let token = NotificationSocket.token(fromTarget: head.uri) else { return channel.eventLoop.makeSucceededFuture(nil) }
                    let promise = channel.eventLoop.makePromise(of: String?.self)
                    promise.completeWithTask { await authenticate(token) }
                    return promise.futureResult.map { id -> HTTPHeaders? in
                        learner.value = id
                        return id == nil ? nil : HTTPHeaders()
                    }
                },
                upgradePipelineHandler: { [hub, closeTimeout] channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let id = learner.value else { throw ChannelError.inappropriateOperationForState }
                        try channel.pipeline.syncOperations.addHandler(NotificationSocketHandler(learnerId: id, hub: hub, closeTimeout: closeTimeout))
                        return UpgradeResult.websocket
                    }
                })
            let upgrade = NIOTypedHTTPServerUpgradeConfiguration(upgraders: [upgrader], notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                    try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
                    let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    return refusal.value.map { UpgradeResult.refused(http, $0) } ?? UpgradeResult.notUpgraded(http)
                }
            })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: upgrade)
            configuration.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
            configuration.enableErrorHandling = false  // Hummingbird handles these
            configuration.enableResponseHeaderValidation = false  // swift-http-types validates already
            configuration.decoderConfiguration.maxHeaderFieldCount = 1000  // Hummingbird's limit (NIO's is 65,534)
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .websocket:
                return
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let status):
                try await http.executeThenClose { _, outbound in
                    let head = HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: "0"])
                    try await outbound.write(contentsOf: [.head(head), .end(nil)])
                }
            }
        } catch {
            logger.debug("connection ended before or during the upgrade", metadata: ["error": "\(error)"])
        }
    }

    /// NIO upgrades only a connection's first request. A later request on a kept-alive connection
    /// that asks for an upgrade gets a redirect to the same target and the connection is closed,
    /// so the client retries on a fresh one (as hummingbird-websocket does).
    static func upgradeAwareResponder(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        struct RedirectClose: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, writer, channel)
            }
            let target = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: target]))
            throw RedirectClose()
        }
    }
}
