import Foundation
import Hummingbird

extension Request {
    /// Collects the body within the size bound and decodes JSON, turning every failure into a 4xx
    /// that says what was wrong and where.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext, limit: Int) async throws -> (T, ByteBuffer) {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "body_too_large", "request body exceeds \(limit) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("empty_body", "a JSON body is required") }
        do {
            return (try JSONDecoder().decode(T.self, from: buffer), buffer)
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid_body", Self.describe(error))
        } catch {
            throw APIError.badRequest("invalid_json", "the body is not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "body" : text.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(path(context, key))'"
        case .typeMismatch(let type, let context): return "field '\(path(context))' must be \(Self.typeName(type))"
        case .valueNotFound(let type, let context): return "field '\(path(context))' must be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON" : "field '\(path(context))' is invalid: \(context.debugDescription)"
        @unknown default: return "the body could not be decoded"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// A query parameter that must be a positive integer within `range` when present.
    func intQuery(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = uri.queryParameters[Substring(name)] else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw APIError.badRequest("invalid_\(name)", "'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A query parameter as sent, `""` included: for enumerations, where an empty value is not one
    /// of the schema's values and must be refused rather than read as absent.
    func rawQuery(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init)
    }

    func stringQuery(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}
