import NIOCore
import NIOHTTP1

/// The error body of API.md: {"error": {"code": "snake_case", "message": "..."}}.
enum JSONError {
    static func body(code: String, message: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var b = allocator.buffer(capacity: 64 + message.utf8.count)
        b.writeString(#"{"error":{"code":""#)
        b.writeString(code)
        b.writeString(#"","message":""#)
        b.writeString(escape(message))
        b.writeString(#""}}"#)
        return b
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}

import Foundation
