import Logging
import Storage

extension Logger {
    /// A failed database round of a background loop or a probe. Two failures are expected and
    /// logged at debug: a schema not migrated yet (`/health/ready` reports it; the loop works once
    /// `wave3 migrate` ran) and a pool closed under the caller at shutdown. Anything else is a
    /// warning.
    func failure(_ message: Logger.Message, error: any Error, metadata: Logger.Metadata = [:]) {
        let expected = DatabaseError.isMissingTable(error) || DatabaseError.isShutdown(error)
        log(level: expected ? .debug : .warning, message, metadata: metadata.merging(["error": "\(error)"]) { $1 })
    }
}
