import Foundation
import Hummingbird
import Storage

/// A lesson as the API shows it: its summary's fields and the Markdown body, in one JSON object.
struct LessonResponse: ResponseCodable, Equatable {
    let summary: LessonSummary
    let content: String

    init(_ lesson: LessonRecord) {
        summary = LessonSummary(lesson)
        content = lesson.content
    }

    init(from decoder: any Decoder) throws {
        summary = try LessonSummary(from: decoder)
        content = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .content)
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(content, forKey: .content)
    }

    private enum CodingKeys: String, CodingKey { case content }

    /// Strong validator: a lesson's version moves on every write.
    static func etag(_ lesson: LessonRecord) -> String { "\"v\(lesson.version)-\(lesson.updatedAt)\"" }
}

/// A lesson in a listing: everything but the body, which comes with the single lesson.
struct LessonSummary: Codable, Equatable {
    let id: String
    let title: String
    let subject: String
    let skills: [String]
    let prerequisites: [String]
    let estimatedMinutes: Int
    let difficulty: String
    let version: Int
    let createdAt: String
    let updatedAt: String

    init(_ lesson: LessonRecord) {
        id = lesson.id
        title = lesson.title
        subject = lesson.subjectId
        skills = lesson.skills
        prerequisites = lesson.prerequisites
        estimatedMinutes = lesson.estimatedMinutes
        difficulty = lesson.difficulty
        version = lesson.version
        createdAt = ISO8601.string(fromMillis: lesson.createdAt)
        updatedAt = ISO8601.string(fromMillis: lesson.updatedAt)
    }
}

struct LessonPage: ResponseEncodable {
    let items: [LessonSummary]
    let nextCursor: String?
}
