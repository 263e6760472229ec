import NIOCore

/// Sits before the HTTP decoder and tells the proxy handler that request bytes arrived, so a
/// client that trickles its headers (slowloris) is timed from its first byte, while an idle
/// keep-alive connection gets the longer idle timeout.
final class FirstByteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    weak var proxy: ProxyHandler?

    init(proxy: ProxyHandler) { self.proxy = proxy }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        proxy?.noteBytes()
        context.fireChannelRead(data)
    }
}
