import Foundation
import Testing
@testable import Wave3API

// TEMPORARY: writes the Swift literals as Resources/Demo files and checks the loader reads them back equal.
@Suite struct DemoContentDumpTests {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func dump() throws {
        guard let dir = ProcessInfo.processInfo.environment["WAVE3_DUMP_DEMO"] else { return }
        let names = ["math": "mathematics.md", "programming": "programming.md", "physics": "physics.md"]
        for subject in DemoContentLiterals.subjects {
            var out = "---\nid: \(try Self.json(subject.id))\nname: \(try Self.json(subject.name))\ndescription: \(try Self.json(subject.description))\n---\n"
            for lesson in DemoContentLiterals.lessons where lesson.subject == subject.id {
                precondition(!lesson.content.split(separator: "\n", omittingEmptySubsequences: false).contains("---"))
                precondition(!lesson.content.hasSuffix("\n") && !lesson.content.hasPrefix("\n"))
                out += "\n---\nid: \(try Self.json(lesson.id))\ntitle: \(try Self.json(lesson.title))\nskills: \(try Self.json(lesson.skills))\n"
                out += "prerequisites: \(try Self.json(lesson.prerequisites))\nestimatedMinutes: \(lesson.estimatedMinutes)\nquiz:\n"
                for item in lesson.quiz {
                    out += "  - {\"id\": \(try Self.json(item.id)), \"skill\": \(try Self.json(item.skill)), \"prompt\": \(try Self.json(item.prompt)), \"choices\": \(try Self.json(item.choices)), \"answerIndex\": \(item.answerIndex)}\n"
                }
                out += "---\n\n" + lesson.content + "\n"
            }
            try out.write(toFile: dir + "/" + names[subject.id]!, atomically: true, encoding: .utf8)
        }
        print("IDS", DemoContentLiterals.lessons.map(\.id))
        print("COUNTS", DemoContentLiterals.subjects.count, DemoContentLiterals.lessons.count, DemoContentLiterals.lessons.map(\.quiz.count).reduce(0, +))
        print("QUIZIDS", DemoContentLiterals.lessons.flatMap { $0.quiz.map(\.id) })
    }

    @Test func loadedEqualsLiterals() throws {
        let loaded = try DemoContent.load()
        #expect(loaded.subjects == DemoContentLiterals.subjects)
        #expect(loaded.lessons.count == DemoContentLiterals.lessons.count)
        for (a, b) in zip(loaded.lessons, DemoContentLiterals.lessons) { #expect(a == b, "\(a.id)") }
    }
}
