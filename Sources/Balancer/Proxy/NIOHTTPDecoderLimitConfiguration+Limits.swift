import NIOHTTP1

extension NIOHTTPDecoderLimitConfiguration {
    /// The decoder limits as one expression, so the `@Sendable` channel initializers that use them
    /// capture a constant rather than a `var`.
    static func limits(headerField: Int? = nil, headerList: Int) -> Self {
        var limits = Self()
        if let headerField { limits.maxHeaderFieldSize = headerField }
        limits.maxHeaderListSize = headerList
        return limits
    }
}
