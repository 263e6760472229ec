import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// The dashboard's live feed: after the WebSocket handshake on the admin listener, one text frame
/// of `/stats` JSON per second. Server-to-client only, so the codec is the few lines of RFC 6455
/// framing it needs; anything the browser sends (a close frame, a ping) ends the feed.
final class DashboardSocketHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: BalancerServer
    private var timer: RepeatedTask?

    init(server: BalancerServer) { self.server = server }

    static func acceptValue(forKey key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Data(digest).base64EncodedString()
    }

    /// An unmasked, final text frame (servers never mask, RFC 6455 §5.1).
    static func textFrame(_ text: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        let payload = Array(text.utf8)
        var b = allocator.buffer(capacity: payload.count + 10)
        b.writeInteger(UInt8(0x81))
        if payload.count < 126 {
            b.writeInteger(UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            b.writeInteger(UInt8(126))
            b.writeInteger(UInt16(payload.count))
        } else {
            b.writeInteger(UInt8(127))
            b.writeInteger(UInt64(payload.count))
        }
        b.writeBytes(payload)
        return b
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let server = self.server
        timer = context.eventLoop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(1)) { _ in
            let promise = bound.value.eventLoop.makePromise(of: String.self)
            promise.completeWithTask {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: try encoder.encode(await server.stats()), as: UTF8.self)
            }
            return promise.futureResult.map { json in
                let ctx = bound.value
                ctx.writeAndFlush(NIOAny(Self.textFrame(json, allocator: ctx.channel.allocator)), promise: nil)
            }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
