import Foundation

/// `amqp://user:pass@host:port/vhost`, as RabbitMQ's URI spec defines it: the vhost is the
/// percent-decoded path without its leading slash, `/` when the path is empty.
public struct AMQPURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String

    public init(host: String = "127.0.0.1", port: Int = 5672, user: String = "guest", password: String = "guest", vhost: String = "/") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
    }

    public init(_ string: String) throws {
        guard let components = URLComponents(string: string), components.scheme == "amqp", let host = components.host, !host.isEmpty else {
            throw AMQPError("not an amqp:// URL: \(string)")
        }
        self.host = host
        self.port = components.port ?? 5672
        self.user = components.user?.removingPercentEncoding ?? "guest"
        self.password = components.password?.removingPercentEncoding ?? "guest"
        let path = components.percentEncodedPath
        if path.isEmpty || path == "/" {
            self.vhost = "/"
        } else {
            self.vhost = String(path.dropFirst()).removingPercentEncoding ?? String(path.dropFirst())
        }
    }
}

public struct AMQPError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
