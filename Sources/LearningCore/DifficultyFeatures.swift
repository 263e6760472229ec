import Foundation

/// Content features of a lesson or item, as returned by `POST /difficulty/classify`.
public struct DifficultyFeatures: Codable, Sendable, Hashable {
    public var characterCount: Int
    public var wordCount: Int
    public var sentenceCount: Int
    public var meanSentenceLength: Double
    public var meanWordLength: Double
    public var syllablesPerWord: Double
    /// Share of prose words outside the ~1,000 most common English words.
    public var rareWordFraction: Double
    /// LaTeX spans (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) plus equation-like lines (`=` with an operator).
    public var formulaCount: Int
    /// Markdown images, `<img>` tags, and mentions of diagrams, figures or charts.
    public var imageCount: Int
    /// Fenced (```) and indented code blocks.
    public var codeBlockCount: Int
    /// Longest chain of prerequisites below the lesson (0 when it has none).
    public var prerequisiteDepth: Int
    public var fleschKincaidGrade: Double
    public var fleschReadingEase: Double

    public init(
        characterCount: Int, wordCount: Int, sentenceCount: Int, meanSentenceLength: Double,
        meanWordLength: Double, syllablesPerWord: Double, rareWordFraction: Double, formulaCount: Int,
        imageCount: Int, codeBlockCount: Int, prerequisiteDepth: Int, fleschKincaidGrade: Double,
        fleschReadingEase: Double
    ) {
        self.characterCount = characterCount
        self.wordCount = wordCount
        self.sentenceCount = sentenceCount
        self.meanSentenceLength = meanSentenceLength
        self.meanWordLength = meanWordLength
        self.syllablesPerWord = syllablesPerWord
        self.rareWordFraction = rareWordFraction
        self.formulaCount = formulaCount
        self.imageCount = imageCount
        self.codeBlockCount = codeBlockCount
        self.prerequisiteDepth = prerequisiteDepth
        self.fleschKincaidGrade = fleschKincaidGrade
        self.fleschReadingEase = fleschReadingEase
    }

    /// Extracts the features from markdown-ish content. Code and formulas are counted, then removed
    /// before the prose statistics, so that `x = a + b` or a listing does not read as a sentence.
    public init(content: String, prerequisiteDepth: Int = 0) {
        var prose: [Substring] = []
        var formulas = 0, images = 0, codeBlocks = 0
        var inFence = false
        var previousBlank = true
        var inIndented = false
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                if !inFence { codeBlocks += 1 }
                inFence.toggle()
                previousBlank = false
                continue
            }
            if inFence { continue }
            let isBlank = trimmed.isEmpty
            let indented = line.hasPrefix("    ") || line.hasPrefix("\t")
            if indented && !isBlank && (previousBlank || inIndented) {
                // Markdown's indented code block: indented lines after a blank line.
                if !inIndented { codeBlocks += 1 }
                inIndented = true
                previousBlank = false
                continue
            }
            if !isBlank { inIndented = false }
            previousBlank = isBlank
            var stripped = Self.removeLatex(String(line), count: &formulas)
            if Self.isEquationLine(stripped) {
                formulas += 1
                stripped = ""
            }
            images += Self.imageMentions(in: stripped)
            prose.append(Substring(stripped))
        }
        let stats = TextStatistics(prose.joined(separator: "\n"))
        self.init(
            characterCount: content.count,
            wordCount: stats.words,
            sentenceCount: stats.sentences,
            meanSentenceLength: stats.wordsPerSentence,
            meanWordLength: stats.words > 0 ? Double(stats.letters) / Double(stats.words) : 0,
            syllablesPerWord: stats.syllablesPerWord,
            rareWordFraction: stats.words > 0 ? Double(stats.rareWords) / Double(stats.words) : 0,
            formulaCount: formulas,
            imageCount: images,
            codeBlockCount: codeBlocks,
            prerequisiteDepth: max(0, prerequisiteDepth),
            fleschKincaidGrade: stats.fleschKincaidGrade,
            fleschReadingEase: stats.fleschReadingEase
        )
    }

    /// Removes `$$…$$`, `$…$`, `\(…\)` and `\[…\]` spans, counting each.
    static func removeLatex(_ line: String, count: inout Int) -> String {
        var out = ""
        var rest = Substring(line)
        let pairs: [(String, String)] = [("$$", "$$"), ("\\(", "\\)"), ("\\[", "\\]"), ("$", "$")]
        // Once a closing delimiter is missing from the rest of the line it is missing for every later
        // opener too; remembering that keeps a line of unclosed openers linear instead of quadratic
        // (user-supplied content reaches this through `POST /difficulty/classify`).
        var unclosed = [Bool](repeating: false, count: pairs.count)
        outer: while !rest.isEmpty {
            for (k, (open, close)) in pairs.enumerated() where !unclosed[k] && rest.hasPrefix(open) {
                let body = rest.dropFirst(open.count)
                guard let end = body.range(of: close) else {
                    unclosed[k] = true
                    continue
                }
                if end.lowerBound > body.startIndex {
                    count += 1
                    out.append(" ")
                    rest = body[end.upperBound...]
                    continue outer
                }
            }
            out.append(rest.first!)
            rest = rest.dropFirst()
        }
        return out
    }

    /// A line like `y = 2x + 3` or `a^2 + b^2 = c^2`: an `=` with an arithmetic operator and
    /// few words, so that prose mentioning "=" once is not counted.
    static func isEquationLine(_ line: String) -> Bool {
        guard line.contains("=") else { return false }
        let operators = line.filter { "+-*/^<>×÷·".contains($0) }.count
        let words = line.split(whereSeparator: { !$0.isLetter }).filter { $0.count > 2 }.count
        return operators > 0 && words <= 4
    }

    static func imageMentions(in line: String) -> Int {
        let lower = line.lowercased()
        var n = lower.components(separatedBy: "![").count - 1
        n += lower.components(separatedBy: "<img").count - 1
        for word in ["diagram", "figure", "chart"] {
            n += lower.components(separatedBy: word).count - 1
        }
        return n
    }
}
