import Foundation

/// One subject's demo file: blocks of front matter between `---` lines, each followed by a
/// Markdown body. The first block names the subject (`id`, `name`, `description`; no body); each
/// further block is a lesson (`id`, `title`, `skills`, `prerequisites`, `estimatedMinutes`, `quiz`)
/// whose body is the lesson text. Every front-matter value is written as JSON (which is also YAML),
/// one `key: value` a line, and `quiz:` is followed by one `  - {…}` line a quiz item, so a value
/// needs no YAML parser and a prompt may hold any character. A body cannot hold a line `---`.
struct DemoContentFile {
    let subject: DemoSubject
    let lessons: [DemoLesson]

    private struct LessonFrontMatter: Decodable {
        let id: String, title: String, skills: [String], prerequisites: [String], estimatedMinutes: Int, quiz: [DemoQuizItem]
    }

    init(name: String, text: String) throws {
        let blocks = try Self.blocks(name: name, text: text)
        guard let first = blocks.first else { throw ConfigurationError("\(name): no subject block") }
        let subject = try Self.decode(DemoSubject.self, first.frontMatter, name: name)
        self.subject = subject
        lessons = try blocks.dropFirst().map { block in
            let meta = try Self.decode(LessonFrontMatter.self, block.frontMatter, name: name)
            return DemoLesson(id: meta.id, subject: subject.id, title: meta.title, skills: meta.skills, prerequisites: meta.prerequisites,
                              estimatedMinutes: meta.estimatedMinutes, content: block.body, quiz: meta.quiz)
        }
    }

    /// Splits the text into (front matter lines, body) pairs.
    private static func blocks(name: String, text: String) throws -> [(frontMatter: [Substring], body: String)] {
        enum State { case expectingFence, frontMatter([Substring]), body([Substring], [Substring]) }
        var blocks: [(frontMatter: [Substring], body: String)] = []
        var state = State.expectingFence
        func close(_ frontMatter: [Substring], _ body: [Substring]) {
            let text = body.joined(separator: "\n").trimmingCharacters(in: .newlines)
            blocks.append((frontMatter, text))
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch state {
            case .expectingFence:
                if line == "---" { state = .frontMatter([]) }
                else if !line.isEmpty { throw ConfigurationError("\(name):\(index + 1): expected '---' to open front matter") }
            case .frontMatter(let lines):
                state = line == "---" ? .body(lines, []) : .frontMatter(lines + [line])
            case .body(let frontMatter, let body):
                if line == "---" {
                    close(frontMatter, body)
                    state = .frontMatter([])
                } else {
                    state = .body(frontMatter, body + [line])
                }
            }
        }
        switch state {
        case .expectingFence: break
        case .frontMatter: throw ConfigurationError("\(name): front matter is not closed by '---'")
        case .body(let frontMatter, let body): close(frontMatter, body)
        }
        return blocks
    }

    /// Turns `key: <json>` lines (and `  - <json>` list items under a bare `key:`) into one JSON
    /// object and decodes it.
    private static func decode<T: Decodable>(_ type: T.Type, _ lines: [Substring], name: String) throws -> T {
        var members: [String] = []
        var listKey: String?
        var items: [Substring] = []
        func flushList() {
            if let key = listKey { members.append("\(jsonString(key)):[\(items.joined(separator: ","))]") }
            listKey = nil
            items = []
        }
        for line in lines {
            if line.hasPrefix("  - "), listKey != nil {
                items.append(line.dropFirst(4))
                continue
            }
            flushList()
            guard let colon = line.firstIndex(of: ":") else { throw ConfigurationError("\(name): front matter line without ':': \(line)") }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            if value.isEmpty { listKey = key } else { members.append("\(jsonString(key)):\(value)") }
        }
        flushList()
        do {
            return try JSONDecoder().decode(T.self, from: Data("{\(members.joined(separator: ","))}".utf8))
        } catch {
            throw ConfigurationError("\(name): front matter \(lines.first ?? ""): \(error)")
        }
    }

    private static func jsonString(_ string: String) -> String {
        "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
