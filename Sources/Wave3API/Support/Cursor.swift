import Foundation

/// Opaque keyset cursors: base64url of "v1:<last id>". Opaque so the ordering can change later
/// without breaking clients; versioned so an old cursor is refused cleanly rather than misread.
enum Cursor {
    static func encode(lastId: String) -> String {
        Data("v1:\(lastId)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.count <= 512, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("v1:"), text.count > 3 else {
            throw APIError.badRequest("invalid_cursor", "cursor is not one this API issued")
        }
        return String(text.dropFirst(3))
    }
}
