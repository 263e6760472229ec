/// Exchanges, queues and bindings to declare on every (re)connection. Declarations are idempotent
/// in AMQP as long as the arguments do not change, so declaring at each start is safe.
public struct AMQPTopology: Sendable {
    public enum ExchangeType: String, Sendable { case direct, fanout, topic }

    public struct Exchange: Sendable {
        public var name: String
        public var type: ExchangeType
        public var durable: Bool
        public init(_ name: String, _ type: ExchangeType, durable: Bool = true) {
            self.name = name
            self.type = type
            self.durable = durable
        }
    }

    public struct Binding: Sendable {
        public var exchange: String
        public var routingKey: String
        public init(_ exchange: String, _ routingKey: String = "") {
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }

    public struct Queue: Sendable {
        /// How the caller refers to the queue; equals `name` unless the server names it.
        public var key: String
        /// Empty for a server-named queue.
        public var name: String
        public var durable: Bool
        public var exclusive: Bool
        public var autoDelete: Bool
        public var maxPriority: Int
        public var deadLetterExchange: String?
        public var deadLetterRoutingKey: String?
        public var bindings: [Binding]

        public init(_ name: String, key: String? = nil, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
                    maxPriority: Int = 0, deadLetterExchange: String? = nil, deadLetterRoutingKey: String? = nil, bindings: [Binding] = []) {
            self.key = key ?? name
            self.name = name
            self.durable = durable
            self.exclusive = exclusive
            self.autoDelete = autoDelete
            self.maxPriority = maxPriority
            self.deadLetterExchange = deadLetterExchange
            self.deadLetterRoutingKey = deadLetterRoutingKey
            self.bindings = bindings
        }
    }

    public var exchanges: [Exchange]
    public var queues: [Queue]

    public init(exchanges: [Exchange] = [], queues: [Queue] = []) {
        self.exchanges = exchanges
        self.queues = queues
    }
}

/// One message to publish; always persistent (delivery mode 2).
public struct AMQPMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var messageId: String
    public var priority: Int
    /// Per-message TTL, used by the delay queues of retries.
    public var expirationMilliseconds: Int?

    public init(exchange: String, routingKey: String, body: [UInt8], messageId: String, priority: Int = 0, expirationMilliseconds: Int? = nil) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.priority = priority
        self.expirationMilliseconds = expirationMilliseconds
    }
}

/// A message received; ack or nack it through the consumer that delivered it.
public struct AMQPDelivery: Sendable {
    public let tag: UInt64
    /// Which connection of the consumer delivered it: tags of an older connection are void.
    public let generation: UInt64
    public let body: [UInt8]
    public let messageId: String
    public let redelivered: Bool
    public let priority: Int
}

/// Exponential back-off with a cap, for reconnects.
public struct Backoff: Sendable {
    public var base: Double
    public var cap: Double
    private var attempt = 0

    public init(base: Double = 0.1, cap: Double = 5) {
        self.base = base
        self.cap = cap
    }

    /// The next delay in seconds, with ±20 % jitter so replicas do not reconnect in step.
    public mutating func next() -> Double {
        let delay = min(cap, base * Double(1 << min(attempt, 20)))
        attempt += 1
        return delay * Double.random(in: 0.8...1.2)
    }

    public mutating func reset() { attempt = 0 }
}
