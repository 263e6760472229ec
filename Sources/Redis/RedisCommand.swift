import NIOCore

/// One command as its arguments; encoded as a RESP array of bulk strings.
public struct RedisCommand: Sendable, ExpressibleByArrayLiteral {
    public var arguments: [String]

    public init(_ arguments: [String]) { self.arguments = arguments }
    public init(_ arguments: String...) { self.arguments = arguments }
    public init(arrayLiteral elements: String...) { self.arguments = elements }

    /// Without string interpolation, which allocated twice per argument.
    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(arguments.count))
        buffer.writeStaticString("\r\n")
        for argument in arguments {
            buffer.writeInteger(UInt8(ascii: "$"))
            buffer.writeString(String(argument.utf8.count))
            buffer.writeStaticString("\r\n")
            buffer.writeString(argument)
            buffer.writeStaticString("\r\n")
        }
    }
}
