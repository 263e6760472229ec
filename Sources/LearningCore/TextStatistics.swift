/// Word, sentence and syllable counts of prose, and the Flesch readability formulas over them.
public struct TextStatistics: Codable, Sendable, Hashable {
    public var words: Int
    public var sentences: Int
    public var syllables: Int
    public var letters: Int
    /// Words outside `CommonEnglishWords`.
    public var rareWords: Int

    /// Counts `text` as prose: words are runs of letters (apostrophes inside a word allowed);
    /// a sentence ends at `.`, `!` or `?` (runs count once), and trailing words without a final
    /// mark form one more sentence.
    public init(_ text: some StringProtocol) {
        var words = 0, sentences = 0, syllables = 0, letters = 0, rare = 0
        var wordsInSentence = 0
        var current = ""
        func endWord() {
            guard !current.isEmpty else { return }
            let lower = current.lowercased()
            words += 1
            wordsInSentence += 1
            letters += lower.count
            syllables += Self.syllables(in: lower)
            if !CommonEnglishWords.contains(Substring(lower)) { rare += 1 }
            current = ""
        }
        for ch in text {
            if ch.isLetter || (ch == "'" && !current.isEmpty) {
                current.append(ch)
            } else {
                if current.last == "'" { current.removeLast() }
                endWord()
                if ch == "." || ch == "!" || ch == "?" {
                    if wordsInSentence > 0 { sentences += 1 }
                    wordsInSentence = 0
                }
            }
        }
        endWord()
        if wordsInSentence > 0 { sentences += 1 }
        self.words = words
        self.sentences = sentences
        self.syllables = syllables
        self.letters = letters
        self.rareWords = rare
    }

    /// Syllables of one lowercase word by the usual heuristic (as in most readability tools):
    /// words of up to three letters have one; a silent final "e"/"es" after a consonant other
    /// than "l" and a final "ed" not after "t"/"d" are dropped; a leading "y" is a consonant;
    /// then each maximal run of vowels (a e i o u y) is one syllable, and every word has at least one.
    public static func syllables(in word: String) -> Int {
        let w = Array(word.lowercased().filter { $0.isLetter })
        guard w.count > 3 else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var end = w.count
        if w[end - 1] == "e", !vowels.contains(w[end - 2]), w[end - 2] != "l" {
            end -= 1
        } else if w[end - 2] == "e", w[end - 1] == "s", !vowels.contains(w[end - 3]), w[end - 3] != "l" {
            end -= 2
        } else if w[end - 2] == "e", w[end - 1] == "d", w[end - 3] != "t", w[end - 3] != "d" {
            end -= 2
        }
        var start = 0
        if w[0] == "y" { start = 1 }
        var count = 0
        var inVowels = false
        for i in start..<end {
            let v = vowels.contains(w[i])
            if v && !inVowels { count += 1 }
            inVowels = v
        }
        return max(1, count)
    }

    public var wordsPerSentence: Double { sentences > 0 ? Double(words) / Double(sentences) : 0 }
    public var syllablesPerWord: Double { words > 0 ? Double(syllables) / Double(words) : 0 }

    /// Flesch–Kincaid grade level: 0.39 · words/sentence + 11.8 · syllables/word − 15.59.
    public var fleschKincaidGrade: Double {
        guard words > 0 else { return 0 }
        return 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59
    }

    /// Flesch reading ease: 206.835 − 1.015 · words/sentence − 84.6 · syllables/word.
    public var fleschReadingEase: Double {
        guard words > 0 else { return 0 }
        return 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord
    }
}
