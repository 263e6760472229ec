/// One RESP2 reply, as hiredis's reader hands it over: decoded once into Swift values so no C
/// pointer outlives the reader call.
public enum RESPValue: Sendable, Equatable {
    case simple(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case array([RESPValue])
    case null

    /// The text of a bulk or simple string; nil for anything else.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .simple(let text): text
        default: nil
        }
    }

    /// An integer reply, or a string holding one (Lua numbers and ZSCORE come back as either).
    public var int: Int64? {
        switch self {
        case .integer(let value): value
        case .bulk, .simple: string.flatMap { Int64($0) ?? Double($0).map { Int64($0) } }
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .bulk, .simple: string.flatMap(Double.init)
        default: nil
        }
    }

    public var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// The value, or the server's error reply as a thrown `RedisError.server`.
    public func throwingError() throws -> RESPValue {
        if case .error(let message) = self { throw RedisError.server(message) }
        return self
    }
}
