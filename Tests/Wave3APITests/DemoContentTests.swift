import Testing
@testable import Wave3API

/// The demo content moved from Swift literals to `Resources/Demo/*.md`: the lessons, their order and
/// their quiz items are the ones the literals held (ids and counts recorded from them), and the
/// files obey the rules the seeder relies on.
@Suite struct DemoContentTests {
    static let subjects = ["math", "programming", "physics"]
    /// Every lesson id, in file order, with its number of quiz items, as the Swift literals had them.
    static let lessons: [(id: String, quizItems: Int)] = [
        ("math-arithmetic-basics", 4), ("math-order-of-operations", 4), ("math-fractions-basics", 4),
        ("math-fractions-operations", 5), ("math-algebra-expressions", 4), ("math-linear-equations", 5),
        ("math-geometry-shapes", 4), ("math-pythagorean-theorem", 4), ("math-probability-basics", 5),
        ("math-quadratic-equations", 5), ("math-derivatives-intro", 5), ("math-conditional-probability", 5),
        ("swift-variables-constants", 4), ("swift-basic-types", 4), ("swift-control-flow", 4),
        ("swift-optionals", 5), ("swift-functions", 4), ("swift-arrays-dictionaries", 4),
        ("swift-structs-classes", 4), ("swift-closures-higher-order", 5), ("swift-enums-pattern-matching", 4),
        ("swift-protocols-generics", 5), ("swift-error-handling", 4), ("swift-concurrency-async-await", 5),
        ("physics-units-measurement", 4), ("physics-motion-speed", 4), ("physics-vectors", 4),
        ("physics-kinematics-acceleration", 4), ("physics-newtons-laws", 4), ("physics-projectile-motion", 5),
        ("physics-work-energy", 5), ("physics-momentum-collisions", 5), ("physics-waves-basics", 4),
        ("physics-electric-circuits", 4), ("physics-simple-harmonic-motion", 5), ("physics-numerical-simulation", 5),
    ]

    @Test func theFilesHoldTheLessonsTheSwiftLiteralsHeld() throws {
        let content = try DemoContent.load()
        #expect(content.subjects.map(\.id) == Self.subjects)
        #expect(content.lessons.map(\.id) == Self.lessons.map(\.id))
        #expect(content.lessons.map(\.quiz.count) == Self.lessons.map(\.quizItems))
        #expect(content.lessons.flatMap(\.quiz).count == 159)
        for lesson in content.lessons {
            #expect(lesson.quiz.map(\.id) == lesson.quiz.indices.map { "\(lesson.id)-q\($0 + 1)" })
        }
    }

    @Test func everyLessonIsComplete() throws {
        let content = try DemoContent.load()
        let ids = Set(content.lessons.map(\.id))
        #expect(ids.count == content.lessons.count, "lesson ids are unique")
        for lesson in content.lessons {
            #expect(lesson.content.hasPrefix("# "), "\(lesson.id): the body starts with its heading")
            #expect(!lesson.content.hasSuffix("\n"), "\(lesson.id): trailing blank lines are trimmed")
            #expect(!lesson.title.isEmpty && lesson.estimatedMinutes > 0 && !lesson.skills.isEmpty)
            #expect(Self.subjects.contains(lesson.subject))
            #expect(lesson.prerequisites.allSatisfy(ids.contains), "\(lesson.id): prerequisites exist")
            for item in lesson.quiz {
                #expect(item.choices.indices.contains(item.answerIndex), "\(item.id): the answer is one of the choices")
                #expect(lesson.skills.contains(item.skill), "\(item.id): the item's skill is one of the lesson's")
            }
        }
        #expect(try DemoSeeder.topologicalOrder(content.lessons).count == content.lessons.count)
    }

    @Test func malformedFilesAreRejectedWithTheirName() {
        #expect(throws: ConfigurationError.self) { try DemoContentFile(name: "bad.md", text: "no front matter") }
        #expect(throws: ConfigurationError.self) { try DemoContentFile(name: "bad.md", text: "---\nid: \"x\"\n") }
        #expect(throws: ConfigurationError.self) {
            try DemoContentFile(name: "bad.md", text: "---\nid: \"s\"\nname: \"S\"\ndescription: \"d\"\n---\n---\nid: \"l\"\ntitle: 3\n---\n# L\n")
        }
    }

    @Test func aLessonBlockParses() throws {
        let text = """
        ---
        id: "s"
        name: "S"
        description: "A subject: with a colon"
        ---

        ---
        id: "s-one"
        title: "One: \\"quoted\\""
        skills: ["s.one"]
        prerequisites: []
        estimatedMinutes: 5
        quiz:
          - {"id": "s-one-q1", "skill": "s.one", "prompt": "1 + 1?", "choices": ["1", "2"], "answerIndex": 1}
        ---

        # One

        Text.


        """
        let file = try DemoContentFile(name: "s.md", text: text)
        #expect(file.subject == DemoSubject(id: "s", name: "S", description: "A subject: with a colon"))
        #expect(file.lessons == [DemoLesson(id: "s-one", subject: "s", title: "One: \"quoted\"", skills: ["s.one"], prerequisites: [], estimatedMinutes: 5,
                                            content: "# One\n\nText.", quiz: [DemoQuizItem(id: "s-one-q1", skill: "s.one", prompt: "1 + 1?", choices: ["1", "2"], answerIndex: 1)])])
    }
}
