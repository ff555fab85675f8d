import OneDoorCore
import Testing

/// Case numbers are typed (ADR 0019): parsed at the edge, refused when malformed.
@Suite struct CaseNumberTests {
    @Test(arguments: ["CC-20260928-00001", " zm-20261122-00017 ", "CCZX-20261205-100000"])
    func wellFormedNumbersParse(text: String) throws {
        let number = try #require(CaseNumber(parsing: text))
        #expect(number.rawValue == text.trimmingWhitespace().uppercased())
        #expect("\(number)" == number.rawValue)
    }

    @Test(arguments: ["", "CC", "CC-2026092-00001", "CC-20260928-001", "CC-20260928-0000A", "C C-20260928-00001",
                      "禅城-20260928-00001", "CC-20260928-00001-1", "CC--00001", "'; DROP TABLE cases;--", String(repeating: "A", count: 21) + "-20260928-00001"])
    func malformedNumbersAreRefused(text: String) {
        #expect(CaseNumber(parsing: text) == nil)
    }

    @Test func aNumberIsNotAString() {
        // Stored and sent as its text; typed, so a hall code cannot be passed for it.
        let number: CaseNumber = "CC-20260928-00001"
        #expect(number.rawValue == "CC-20260928-00001")
    }
}
