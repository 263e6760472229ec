/// One scored response of a person to an item (a quiz item or a lesson's assessment).
public struct RaschResponse: Codable, Sendable, Hashable {
    public var person: String
    public var item: String
    public var correct: Bool

    public init(person: String, item: String, correct: Bool) {
        self.person = person
        self.item = item
        self.correct = correct
    }
}
