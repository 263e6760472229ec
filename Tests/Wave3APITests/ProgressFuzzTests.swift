import Foundation
import LearningCore
import Testing
@testable import Wave3API

/// A seeded random-input test of the progress decoding (`ProgressInput.decode`): mutated valid
/// bodies and random bytes, 1,000,000 cases by default (`WAVE3_FUZZ_CASES`). Every input must
/// either decode to events that satisfy the documented bounds or be refused with a 4xx; nothing
/// may crash or answer anything else.
@Suite struct ProgressFuzzTests {
    static let seeds: [String] = [
        #"{"type":"lesson_started","lessonId":"l1"}"#,
        #"{"events":[{"id":"e-1","type":"quiz_attempt","lessonId":"l1","itemId":"q1","answer":2,"occurredAt":"2026-01-02T03:04:05.678Z"}]}"#,
        #"{"events":[{"type":"time_spent","lessonId":"l1","durationMs":60000},{"type":"lesson_completed","lessonId":"l1","score":90.5}]}"#,
        #"{"type":"practice_problem","lessonId":"l1","skill":"math.arithmetic","occurredAt":"2001-01-01T00:00:00Z"}"#,
        #"{"type":"video_view","lessonId":"l1","durationMs":0,"score":0,"id":"x"}"#,
    ]
    static let dictionary: [String] = ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "-1", "1e308", "9223372036854775808",
                                       "\"events\"", "\"type\"", "\"answer\"", "\"correct\"", "\"occurredAt\"", "\"0000-01-01T00:00:00Z\"",
                                       "\"\\u0000\"", "\"\\ud800\"", "NaN", "0.0000001", "\"quiz_attempt\"", String(repeating: "[", count: 64)]

    @Test func decodingNeverCrashesAndOnlyEverAcceptsValidEvents() throws {
        let cases = ProcessInfo.processInfo.environment["WAVE3_FUZZ_CASES"].flatMap(Int.init) ?? 1_000_000
        var random = LearningCore.SeededGenerator(seed: 0x5EED_9)
        let now: Int64 = 1_800_000_000_000
        var accepted = 0
        var refused = 0
        for _ in 0..<cases {
            let input = Self.mutate(&random)
            do {
                let (events, _) = try ProgressInput.decode(input, now: now)
                for event in events {
                    #expect((1...128).contains(event.lessonId.count))
                    #expect(event.occurredAt >= ProgressInput.earliestOccurredAt && event.occurredAt <= now + ProgressInput.maxClockSkewMillis)
                    #expect(event.correct == nil, "a client never grades")
                    #expect(event.answer.map { (0...ProgressInput.maxAnswer).contains($0) } ?? true)
                    #expect(event.durationMs.map { (0...86_400_000).contains($0) } ?? true)
                }
                accepted += 1
            } catch let error as APIError {
                #expect((400..<500).contains(Int(error.status.code)), "\(error.code) for \(String(decoding: input, as: UTF8.self))")
                refused += 1
            }
        }
        #expect(accepted + refused == cases)
        #expect(accepted > cases / 100, "the mutations still reach the validation past the JSON parser")
    }

    static func mutate(_ random: inout LearningCore.SeededGenerator) -> Data {
        if random.next() % 16 == 0 {
            return Data((0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        var bytes = Array(seeds[Int(random.next() % UInt64(seeds.count))].utf8)
        for _ in 0..<Int(random.next() % 4) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 1 where !bytes.isEmpty: bytes.remove(at: position)
            case 2: bytes.insert(contentsOf: Array(dictionary[Int(random.next() % UInt64(dictionary.count))].utf8), at: position)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int(random.next() % 8))
                bytes.removeSubrange(position..<end)
            default:
                // Swap a digit: numbers are where the bounds are.
                if let digit = bytes.indices.filter({ (0x30...0x39).contains(bytes[$0]) }).randomElement(using: &random) {
                    bytes[digit] = UInt8(0x30 + random.next() % 10)
                }
            }
        }
        return Data(bytes)
    }
}
