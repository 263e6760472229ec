import Foundation
import Testing
@testable import LearningCore

@Suite struct TextStatisticsTests {
    @Test func syllableHeuristic() {
        for (word, count) in [("cat", 1), ("table", 2), ("beautiful", 3), ("jumped", 1), ("wanted", 2), ("makes", 1),
                              ("yellow", 2), ("rhythm", 1), ("readability", 5)] {
            #expect(TextStatistics.syllables(in: word) == count, "\(word)")
        }
    }

    @Test func fleschFormulasByHand() {
        // 6 one-syllable words in one sentence.
        let s = TextStatistics("The cat sat on the mat.")
        #expect(s.words == 6 && s.sentences == 1 && s.syllables == 6)
        #expect(abs(s.fleschKincaidGrade - (0.39 * 6 + 11.8 - 15.59)) < 1e-12)
        #expect(abs(s.fleschReadingEase - 116.145) < 1e-9)
        let two = TextStatistics("Hello there! How are you?? Fine")
        #expect(two.sentences == 3, "runs of marks end one sentence; trailing words make one more")
        #expect(TextStatistics("").fleschKincaidGrade == 0)
    }
}

@Suite struct DifficultyFeaturesTests {
    @Test func countsFormulasCodeAndImages() {
        let content = """
            Intro with an inline formula $a^2 + b^2 = c^2$ and \\(x\\).

            $$E = mc^2$$
            y = 2x + 3

            ```swift
            let x = 1
            ```

                indented code
                more code

            ![chart](c.png) and a diagram.
            """
        let f = DifficultyFeatures(content: content, prerequisiteDepth: -2)
        #expect(f.formulaCount == 4, "two inline spans, one display span, one equation line")
        #expect(f.codeBlockCount == 2, "one fenced, one indented")
        #expect(f.imageCount == 3, "markdown image (also named chart) and a diagram")
        #expect(f.prerequisiteDepth == 0, "negative depth clamped")
        // Code and formulas are not prose: "Intro with an inline formula and" + "chart c png and a diagram".
        #expect(f.wordCount == 12)
    }

    @Test func unclosedDelimitersStayLinear() {
        // 200,000 characters of openers on one line: quadratic scanning would take minutes.
        let start = ContinuousClock.now
        let f = DifficultyFeatures(content: String(repeating: "\\( $ \\[ ", count: 25_000))
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(f.formulaCount == 25_000 / 2, "each \"$ … $\" pair is one formula")
        #expect(DifficultyFeatures(content: "cost $5 and $").formulaCount == 1)
        #expect(DifficultyFeatures(content: "a \\(x\\) b \\( unclosed").formulaCount == 1)
    }

    @Test func plainProse() {
        let f = DifficultyFeatures(content: "The cat sat on the mat. It was a sunny day.", prerequisiteDepth: 2)
        #expect(f.wordCount == 11)
        #expect(f.sentenceCount == 2)
        #expect(f.meanSentenceLength == 5.5)
        #expect(f.formulaCount == 0 && f.codeBlockCount == 0 && f.imageCount == 0)
        #expect(f.prerequisiteDepth == 2)
        #expect(f.rareWordFraction < 0.2)
    }
}

@Suite struct DifficultyClassifierTests {
    static let easy = "The cat sat on the mat. It was a sunny day. We like to play."
    static let hard = """
        The eigendecomposition of a symmetric positive-definite covariance matrix diagonalises its quadratic form; \
        orthogonal eigenvectors determine principal directions whose eigenvalues quantify variance. $\\Sigma = Q \\Lambda Q^T$
        """

    @Test func probabilitiesAreADistributionAndOrdered() {
        let classifier = DifficultyClassifier.default
        let easy = classifier.classify(content: Self.easy)
        let hard = classifier.classify(content: Self.hard, prerequisiteDepth: 4)
        for c in [easy, hard] {
            #expect(abs(c.probabilities.values.reduce(0, +) - 1) < 1e-12)
            #expect(c.probabilities.count == 4)
            #expect(c.probabilities[c.level.rawValue] == c.probabilities.values.max())
        }
        #expect(easy.level == .beginner)
        #expect(hard.level > easy.level)
        #expect(hard.expectedLogit > easy.expectedLogit)
        // Deeper in the prerequisite graph means harder, all else equal.
        #expect(classifier.classify(content: Self.easy, prerequisiteDepth: 6).expectedLogit > easy.expectedLogit)
    }

    @Test func trainerSeparatesLabelledExamples() {
        // Levels determined by prerequisite depth alone: the learned model must find that.
        var examples: [(features: DifficultyFeatures, level: DifficultyLevel)] = []
        for depth in 0..<8 {
            for variant in 0..<5 {
                let text = String(repeating: "Simple words here. ", count: 3 + variant)
                examples.append((DifficultyFeatures(content: text, prerequisiteDepth: depth), DifficultyLevel.allCases[depth / 2]))
            }
        }
        let learned = DifficultyClassifierTrainer(l2: 0.01).fit(examples)
        let right = examples.filter { learned.classify($0.features).level == $0.level }.count
        #expect(Double(right) / Double(examples.count) >= 0.9)
        let single = examples.filter { $0.level == .beginner }
        #expect(DifficultyClassifierTrainer().fit(single) == .default, "one level: nothing to learn")
    }
}

@Suite struct DifficultyEstimateTests {
    @Test func shrinkageWeightsByHand() {
        let none = DifficultyEstimate(contentLogit: -1, raschLogit: 1, responses: 0, priorStrength: 30)
        #expect(none.raschWeight == 0 && none.logit == -1)
        let equal = DifficultyEstimate(contentLogit: -1, raschLogit: 1, responses: 30, priorStrength: 30)
        #expect(equal.raschWeight == 0.5 && equal.logit == 0)
        let many = DifficultyEstimate(contentLogit: -1, raschLogit: 1, responses: 270, priorStrength: 30)
        #expect(abs(many.raschWeight - 0.9) < 1e-12)
        #expect(abs(many.logit - 0.8) < 1e-12)
        let uncalibrated = DifficultyEstimate(contentLogit: 0.3, raschLogit: nil, responses: 50)
        #expect(uncalibrated.logit == 0.3 && uncalibrated.raschWeight == 0)
    }

    @Test func levelsFromLogits() {
        #expect(DifficultyLevel(logit: -3) == .beginner)
        #expect(DifficultyLevel(logit: -1.0001) == .beginner)
        #expect(DifficultyLevel(logit: -1) == .intermediate)
        #expect(DifficultyLevel(logit: 0.999) == .advanced)
        #expect(DifficultyLevel(logit: 1) == .expert)
        #expect(DifficultyLevel.allCases.map(\.logit) == [-1.5, -0.5, 0.5, 1.5])
        #expect(DifficultyLevel.beginner < .expert)
    }

    @Test func bundleBlendsContentWithCalibration() {
        var bundle = LearningModelBundle.defaults
        let content = DifficultyClassifier.default.classify(content: DifficultyClassifierTests.easy).expectedLogit
        #expect(bundle.estimate(lessonId: "l", content: DifficultyClassifierTests.easy, prerequisiteDepth: 0).logit == content)
        bundle.lessonDifficulties["l"] = RaschCalibrator.ItemEstimate(difficulty: 2.5, standardError: 0.2, responses: 30)
        let blended = bundle.estimate(lessonId: "l", content: DifficultyClassifierTests.easy, prerequisiteDepth: 0)
        #expect(abs(blended.logit - (content + 2.5) / 2) < 1e-12)
        #expect(bundle.estimate(lessonId: nil, content: DifficultyClassifierTests.easy, prerequisiteDepth: 0).raschWeight == 0)
    }
}
