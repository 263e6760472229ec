import Crypto
import Testing
@testable import Wave3API

@Suite struct HexTests {
    @Test func encodesBytesAsLowerCaseHex() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
        // The well-known SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        #expect(Hex.encode(SHA256.hash(data: Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
