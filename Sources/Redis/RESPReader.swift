import CHiredis
import NIOCore

/// hiredis's incremental RESP parser: bytes go in as they arrive, whole replies come out.
/// Owned by one channel handler and used only on its event loop, hence not Sendable.
final class RESPReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() {
        guard let reader = redisReaderCreate() else { fatalError("hiredis: out of memory creating a reader") }
        self.reader = reader
    }

    deinit { redisReaderFree(reader) }

    func feed(_ buffer: ByteBuffer) throws {
        let status = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        if status != REDIS_OK { throw RedisError.protocolError(errorText) }
    }

    func feed(_ bytes: [UInt8]) throws {
        try feed(ByteBuffer(bytes: bytes))
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw RedisError.protocolError(errorText) }
        guard let raw else { return nil }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return Self.convert(reply.pointee)
    }

    private var errorText: String {
        withUnsafeBytes(of: reader.pointee.errstr) { bytes in
            String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    private static func convert(_ reply: redisReply) -> RESPValue {
        switch reply.type {
        case REDIS_REPLY_STRING: .bulk(bytes(reply))
        case REDIS_REPLY_STATUS: .simple(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_ERROR: .error(String(decoding: bytes(reply), as: UTF8.self))
        case REDIS_REPLY_INTEGER: .integer(Int64(reply.integer))
        case REDIS_REPLY_ARRAY:
            .array((0..<Int(reply.elements)).map { index in reply.element[index].map { convert($0.pointee) } ?? .null })
        default: .null
        }
    }

    private static func bytes(_ reply: redisReply) -> [UInt8] {
        guard let str = reply.str, reply.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: str, count: Int(reply.len)))
    }
}
