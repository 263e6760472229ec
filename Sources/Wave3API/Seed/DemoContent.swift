/// Demo subjects, lessons and quiz items loaded by `wave3 seed --demo`.
struct DemoSubject: Sendable, Equatable, Decodable { let id: String; let name: String; let description: String }
struct DemoQuizItem: Sendable, Equatable, Codable { let id: String; let skill: String; let prompt: String; let choices: [String]; let answerIndex: Int }
struct DemoLesson: Sendable, Equatable {
    let id: String            // readable slug, unique, e.g. "math-fractions-basics"
    let subject: String       // DemoSubject.id
    let title: String
    let skills: [String]      // skill ids, slugs prefixed by subject, e.g. "math.fractions"
    let prerequisites: [String] // DemoLesson ids that must come first (an acyclic graph)
    let estimatedMinutes: Int
    let content: String       // Markdown, readable teaching text
    let quiz: [DemoQuizItem]
}

/// The demo content is data: one Markdown file a subject under `Resources/Demo/` (the format is
/// described in `DemoContentFile`), embedded into the binary like the OpenAPI document. A new
/// subject is a new file, a `.embedInCode` line in Package.swift and an entry here; the order of
/// the files is the order of the lessons, which the seeded learner histories depend on.
struct DemoContent: Sendable {
    let subjects: [DemoSubject]
    let lessons: [DemoLesson]

    static let files: [(name: String, bytes: [UInt8])] = [
        ("mathematics.md", PackageResources.mathematics_md),
        ("programming.md", PackageResources.programming_md),
        ("physics.md", PackageResources.physics_md),
    ]

    static func load() throws -> DemoContent {
        let parsed = try files.map { try DemoContentFile(name: $0.name, text: String(decoding: $0.bytes, as: UTF8.self)) }
        return DemoContent(subjects: parsed.map(\.subject), lessons: parsed.flatMap(\.lessons))
    }
}
