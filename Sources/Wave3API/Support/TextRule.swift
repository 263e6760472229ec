/// Length and blankness of client text measured the way `Resources/openapi.json` states them, so the
/// server enforces exactly what the schema says (docs/schemathesis.md): JSON Schema's `minLength` and
/// `maxLength` count Unicode code points (not Swift's grapheme clusters), and "not blank" is the
/// schema's `pattern` `[^…]` over the explicit whitespace set below (no regex engine's `\s`, whose
/// members differ between engines).
enum TextRule {
    /// Unicode White_Space minus nothing we accept as text: the C0 separators, space, NEL, NBSP and
    /// the Zs/Zl/Zp characters. Written out in the schema as `nonBlankPattern`.
    static let whitespace: Set<Unicode.Scalar> = Set(
        [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
            .compactMap(Unicode.Scalar.init) + (0x2000...0x200A).compactMap(Unicode.Scalar.init))

    /// The schema's pattern for "at least one character that is not whitespace".
    static let nonBlankPattern = "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"

    /// The number JSON Schema's `maxLength`/`minLength` compare.
    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy(whitespace.contains) }

    /// `minLength: 1`, `maxLength: max` and the non-blank pattern.
    static func isNonBlank(_ text: String, max: Int) -> Bool { length(text) <= max && !isBlank(text) }

    /// `pattern: ^[a-zA-Z0-9_-]{min,max}$` and friends: ASCII letters and digits plus `extra`.
    static func isASCIIWord(_ text: String, length range: ClosedRange<Int>, lowercaseOnly: Bool = false, extra: Set<UInt8> = [0x2D, 0x5F]) -> Bool {
        range.contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || extra.contains(byte)
                || (!lowercaseOnly && (0x41...0x5A).contains(byte))
        }
    }
}
