import Foundation
import Messaging
import TestSupport

extension PrivateRabbitMQ {
    /// The node's address as the Messaging module takes it.
    func amqpURL() throws -> AMQPURL { try AMQPURL(url) }
}
