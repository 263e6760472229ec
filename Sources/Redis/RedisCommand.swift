import NIOCore

/// One command as its arguments; encoded as a RESP array of bulk strings.
public struct RedisCommand: Sendable, ExpressibleByArrayLiteral {
    public var arguments: [String]

    public init(_ arguments: [String]) { self.arguments = arguments }
    public init(_ arguments: String...) { self.arguments = arguments }
    public init(arrayLiteral elements: String...) { self.arguments = elements }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeString("*\(arguments.count)\r\n")
        for argument in arguments {
            buffer.writeString("$\(argument.utf8.count)\r\n")
            buffer.writeString(argument)
            buffer.writeString("\r\n")
        }
    }
}
