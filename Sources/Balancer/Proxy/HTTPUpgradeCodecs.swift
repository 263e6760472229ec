import NIOCore
import NIOHTTP1

/// After a `101 Switching Protocols` the HTTP/1 codecs leave a connection and a raw-bytes handler
/// takes over. One helper for every place that does it: the proxy (both sides of a tunnel), the
/// admin listener's dashboard feed and the test replica.
///
/// The replacement is added before anything is removed, and the decoder is removed after the
/// handler that saw the 101: bytes the decoder still holds (`.forwardBytes`) then flow into the
/// replacement rather than into a half-dismantled HTTP pipeline.
public enum HTTPUpgradeCodecs {
    /// Server side: removes `handler` (the HTTP handler that answered 101), whatever NIO's
    /// `configureHTTPServerPipeline` installed, and `alsoRemoving`.
    public static func replaceServerCodecs(of handler: ChannelHandlerContext, with replacement: any ChannelHandler,
                                           alsoRemoving extra: [ChannelHandlerContext] = []) throws {
        let pipeline = handler.pipeline.syncOperations
        try pipeline.addHandler(replacement)
        var leaving = extra
        if let c = try? pipeline.context(handlerType: HTTPServerPipelineHandler.self) { leaving.append(c) }
        if let c = try? pipeline.context(handlerType: HTTPServerProtocolErrorHandler.self) { leaving.append(c) }
        leaving.append(handler)
        leaving.append(try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self))
        // The proxy writes its responses as bytes and has no encoder.
        if let c = try? pipeline.context(handlerType: HTTPResponseEncoder.self) { leaving.append(c) }
        for ctx in leaving { pipeline.removeHandler(context: ctx, promise: nil) }
    }

    /// Client side (a connection to a replica): removes `handler` and the HTTP client codecs.
    public static func replaceClientCodecs(of handler: ChannelHandlerContext, with replacement: any ChannelHandler) throws {
        let pipeline = handler.pipeline.syncOperations
        try pipeline.addHandler(replacement)
        var leaving = [handler]
        // The proxy's replica connections write requests as bytes: an outlet instead of an encoder.
        if let c = try? pipeline.context(handlerType: HTTPRequestEncoder.self) { leaving.append(c) }
        if let c = try? pipeline.context(handlerType: RequestBytesOutlet.self) { leaving.append(c) }
        leaving.append(try pipeline.context(handlerType: ByteToMessageHandler<HTTPResponseDecoder>.self))
        for ctx in leaving { pipeline.removeHandler(context: ctx, promise: nil) }
    }
}
