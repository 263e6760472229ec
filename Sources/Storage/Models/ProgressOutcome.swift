/// What recording a request under an idempotency key came to.
public enum ProgressOutcome: Sendable, Equatable {
    /// First time this key was seen: events stored, `response` is what was saved for replays.
    case recorded(accepted: Int, duplicates: Int, response: String)
    /// The key was used before with the same request: the saved answer, nothing stored again.
    case replayed(status: Int, response: String)
    /// The key was used before with a different request.
    case keyReused
    /// An event names a lesson that does not exist; nothing was stored.
    case unknownLesson(String)
}
