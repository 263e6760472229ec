import NIOCore
import NIOHTTP1

/// HTTP/1 written by the proxy itself, straight into a `ByteBuffer`. Written as raw bytes, a part
/// travels through NIO's `IOData` fast path (no `NIOAny` box, no encoder and its buffer per head),
/// which halved the proxy's allocations per request (docs/performance.md). The framing rules are
/// NIO's encoders' (`automaticallySetFramingHeaders`), so what goes out is what they wrote before.
enum HTTPWire {
    /// How a message's body bytes go on the wire.
    enum Framing {
        /// As they come: `Content-Length`, no body, or (HTTP/1.0) delimited by the close.
        case raw
        /// Each part as a chunk, ended by the last chunk.
        case chunked
    }

    /// What a message's own framing headers say, and whether it has hop-by-hop headers to strip.
    struct FramingHeaders {
        var hasContentLength = false
        /// The first `Transfer-Encoding` value is exactly `chunked` (NIO's test).
        var firstTransferEncodingChunked = false
        var sawTransferEncoding = false
        var hasHopByHop = false

        init() {}

        init(_ headers: HTTPHeaders) {
            for (name, value) in headers {
                let n = name.utf8.count
                if n == 14, HTTPWire.equal(name, "content-length") {
                    hasContentLength = true
                } else if n == 17, HTTPWire.equal(name, "transfer-encoding") {
                    see(transferEncoding: value)
                } else if !hasHopByHop, HeaderRewriter.isHopByHop(name) {
                    hasHopByHop = true
                }
            }
        }

        mutating func see(transferEncoding value: String) {
            guard !sawTransferEncoding else { return }
            sawTransferEncoding = true
            firstTransferEncodingChunked = value == "chunked"
        }
    }

    /// What happens to a message's `Content-Length` / `Transfer-Encoding` headers on the way out.
    struct FramingPlan {
        var dropContentLength = false
        var dropTransferEncoding = false
        var addChunked = false
        var framing = Framing.raw
    }

    enum HasBody { case no, yes, unlikely }

    /// NIO's `correctlyFrameTransportHeaders`: strip framing from bodiless messages, add
    /// `Transfer-Encoding: chunked` to HTTP/1.1 bodies that have no framing.
    static func plan(_ hasBody: HasBody, _ headers: FramingHeaders, version: HTTPVersion) -> FramingPlan {
        var p = FramingPlan()
        let http11 = version.major == 1 && version.minor >= 1
        switch hasBody {
        case .no:
            p.dropContentLength = true
            p.dropTransferEncoding = true
        case .yes where headers.hasContentLength, .unlikely where headers.hasContentLength:
            p.dropTransferEncoding = true
        case .yes:
            if http11 {
                p.dropTransferEncoding = true
                p.addChunked = true
                p.framing = .chunked
            }
        case .unlikely:
            if http11 && headers.firstTransferEncodingChunked { p.framing = .chunked }
        }
        return p
    }

    static func requestHasBody(_ method: HTTPMethod) -> HasBody {
        switch method {
        case .TRACE: return .no
        case .POST, .PUT, .PATCH: return .yes
        default: return .unlikely
        }
    }

    // MARK: writing

    static func writeRequestLine(_ head: HTTPRequestHead, into b: inout ByteBuffer) {
        b.writeString(head.method.rawValue)
        b.writeStaticString(" ")
        b.writeString(head.uri)
        b.writeStaticString(" HTTP/1.1\r\n")
    }

    static func writeStatusLine(version: HTTPVersion, status: HTTPResponseStatus, into b: inout ByteBuffer) {
        b.writeStaticString("HTTP/")
        writeDecimal(Int(version.major), into: &b)
        b.writeStaticString(".")
        writeDecimal(Int(version.minor), into: &b)
        b.writeStaticString(" ")
        writeDecimal(Int(status.code), into: &b)
        b.writeStaticString(" ")
        b.writeString(status.reasonPhrase)
        b.writeStaticString("\r\n")
    }

    @inline(__always)
    static func writeHeader(_ name: String, _ value: String, into b: inout ByteBuffer) {
        b.writeString(name)
        b.writeStaticString(": ")
        b.writeString(value)
        b.writeStaticString("\r\n")
    }

    static func writeDecimal(_ value: Int, into b: inout ByteBuffer) {
        if value >= 10 { writeDecimal(value / 10, into: &b) }
        b.writeInteger(UInt8(48 + value % 10))
    }

    /// The size line that opens a chunk of `count` bytes.
    static func writeChunkHeader(_ count: Int, into b: inout ByteBuffer) {
        var shift = 60
        while shift > 0 && (count >> shift) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = UInt8((count >> shift) & 0xF)
            b.writeInteger(digit < 10 ? 48 + digit : 87 + digit)
            shift -= 4
        }
        b.writeStaticString("\r\n")
    }

    static func writeLastChunk(trailers: HTTPHeaders?, into b: inout ByteBuffer) {
        b.writeStaticString("0\r\n")
        if let trailers { for (name, value) in trailers { writeHeader(name, value, into: &b) } }
        b.writeStaticString("\r\n")
    }

    /// ASCII case-insensitive equality with a lowercase literal (header names are tokens).
    @inline(__always)
    static func equal(_ name: String, _ lower: StaticString) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == lower.utf8CodeUnitCount else { return false }
        return lower.withUTF8Buffer { target in
            var i = 0
            for byte in utf8 {
                let folded = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if folded != target[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// ASCII case-insensitive equality of two header names.
    static func equalIgnoringCase(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in
            (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) == (y >= 0x41 && y <= 0x5A ? y | 0x20 : y)
        }
    }
}
