import NIOCore

/// The upgrade path's last step: a client connection and a replica connection, both past their
/// 101, become a byte tunnel (swift-nio's connect-proxy example). Both channels live on the same
/// event loop, so the surgery is synchronous and no byte can slip between the codecs and the
/// glue: the client may not send before it has the 101 (RFC 6455 §4.1), and bytes the replica
/// sent right after its 101 are forwarded by its decoder (`.forwardBytes`) into the glue.
enum UpgradeTunnel {
    static func splice(client: ChannelHandlerContext, replica: ChannelHandlerContext) {
        let (clientGlue, replicaGlue) = GlueHandler.matchedPair()
        do {
            try HTTPUpgradeCodecs.replaceServerCodecs(of: client, with: clientGlue)
            try HTTPUpgradeCodecs.replaceClientCodecs(of: replica, with: replicaGlue)
        } catch {
            client.close(promise: nil)
            replica.close(promise: nil)
        }
    }
}
