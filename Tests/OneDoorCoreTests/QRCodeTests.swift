@testable import OneDoorCore
import Testing

/// The encoder's parts against the standard's published values; whole symbols are decoded
/// with zbarimg by `.ci/run` (tests/qr/check.sh).
@Suite struct QRCodeTests {
    @Test func reedSolomonMatchesTheStandardsExample() {
        // ISO/IEC 18004 Annex I: "01234567" as 1-M.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.remainder(data, degree: 10) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func formatAndVersionBitsMatchTheTables() {
        #expect(QRCode.formatBits(mask: 0) == 0b101010000010010)
        #expect(QRCode.formatBits(mask: 5) == 0b100000011001110)
        #expect(QRCode.versionBits(7) == 0b000111110010010100)
        #expect(QRCode.versionBits(10) == 0b001010010011010011)
    }

    @Test func capacitiesAndVersionChoice() throws {
        #expect((1...10).map(QRCode.capacity(version:)) == [14, 26, 42, 62, 84, 106, 122, 152, 180, 213])
        #expect(try QRCode(text: "https://example.cn/p").version == 2)
        #expect(try QRCode(text: String(repeating: "a", count: 213)).version == 10)
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214, maximum: 213)) { try QRCode(text: String(repeating: "a", count: 214)) }
    }

    @Test func symbolStructure() throws {
        let code = try QRCode(text: "http://127.0.0.1:8080/progress/CC20261122000001?code=123456")
        #expect(code.size == 17 + 4 * code.version)
        // Finder pattern corners and the timing pattern.
        for (x, y) in [(0, 0), (6, 0), (0, 6), (code.size - 1, 0), (0, code.size - 1)] { #expect(code[x, y]) }
        #expect(!code[7, 0] && !code[1, 1] && code[2, 2])
        #expect((8..<(code.size - 8)).allSatisfy { code[$0, 6] == ($0 % 2 == 0) })
        #expect(code[8, code.size - 8])  // the dark module
        // The chosen mask has the lowest penalty of the eight.
        let penalties = try (0..<8).map { try QRCode(text: "http://127.0.0.1:8080/progress/CC20261122000001?code=123456", mask: $0).penalty() }
        #expect(code.penalty() == penalties.min())
        let svg = code.svg(title: "查询进度")
        #expect(svg.hasPrefix("<svg") && svg.contains("aria-label=\"查询进度\"") && svg.hasSuffix("</svg>"))
    }
}
