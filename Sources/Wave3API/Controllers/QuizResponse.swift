import Foundation
import Hummingbird
import LearningCore
import Storage

/// A lesson's quiz as learners see it: prompts and choices, never the answer key.
struct QuizResponse: ResponseEncodable, Equatable {
    struct Item: Codable, Equatable {
        let id: String
        let prompt: String
        let choices: [String]
        let skill: String?
    }
    let lessonId: String
    let items: [Item]

    init(lessonId: String, records: [QuizItemRecord]) {
        self.lessonId = lessonId
        items = records.map { Item(id: $0.id, prompt: $0.prompt, choices: Self.choices($0), skill: $0.skillId) }
    }

    static func choices(_ record: QuizItemRecord) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(record.choices.utf8))) ?? []
    }

    /// What the grader needs of a stored item.
    static func key(_ record: QuizItemRecord) -> QuizGrader.Key {
        QuizGrader.Key(itemId: record.id, lessonId: record.lessonId, skillId: record.skillId, answerIndex: record.answerIndex,
                       choiceCount: choices(record).count)
    }
}
