/// Demo subjects, lessons and quiz items loaded by `wave3 seed --demo`.
struct DemoSubject: Sendable { let id: String; let name: String; let description: String }
struct DemoQuizItem: Sendable { let id: String; let skill: String; let prompt: String; let choices: [String]; let answerIndex: Int }
struct DemoLesson: Sendable {
    let id: String            // readable slug, unique, e.g. "math-fractions-basics"
    let subject: String       // DemoSubject.id
    let title: String
    let skills: [String]      // skill ids, slugs prefixed by subject, e.g. "math.fractions"
    let prerequisites: [String] // DemoLesson ids that must come first (an acyclic graph)
    let estimatedMinutes: Int
    let content: String       // Markdown, readable teaching text
    let quiz: [DemoQuizItem]
}
enum DemoContent {
    static let subjects: [DemoSubject] = [
        DemoSubject(
            id: "math",
            name: "Mathematics",
            description: "From whole-number arithmetic and fractions through algebra, geometry and probability to a first look at derivatives."
        ),
        DemoSubject(
            id: "programming",
            name: "Programming in Swift",
            description: "Write real Swift: values and types, control flow, optionals, functions and closures, your own types, protocols and generics, errors and structured concurrency."
        ),
        DemoSubject(
            id: "physics",
            name: "Physics",
            description: "Classical physics from units and speed to forces, energy, momentum, waves, circuits and oscillations, ending with a numerical simulation written in Swift."
        ),
    ]

    static var lessons: [DemoLesson] { mathematicsLessons + programmingLessons + physicsLessons }
}
