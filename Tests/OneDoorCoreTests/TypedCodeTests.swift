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

/// Hall, department and queue codes and window numbers are typed the same way (ADR 0019).
@Suite struct OrganisationCodeTests {
    @Test func wellFormedCodesParse() throws {
        #expect(try #require(HallCode(parsing: " CC-ZX_1 ")).rawValue == "CC-ZX_1")
        #expect(try #require(DepartmentCode(parsing: "SCJG")).rawValue == "SCJG")
        #expect(try #require(WindowNumber(parsing: "12-A")).rawValue == "12-A")
    }

    @Test(arguments: ["", " ", "禅城", "CC ZX", "CC/ZX", "CC'--", String(repeating: "A", count: 41)])
    func malformedCodesAreRefused(text: String) {
        #expect(HallCode(parsing: text) == nil)
        #expect(DepartmentCode(parsing: text) == nil)
        #expect(QueueCode(parsing: text) == nil)
    }

    @Test(arguments: ["", "3_", "三", "12345678901"])
    func malformedWindowNumbersAreRefused(text: String) {
        #expect(WindowNumber(parsing: text) == nil)
    }

    @Test func theOrganisationFormsSayWhatIsWrong() {
        #expect(OrganisationCodes.problem("禅城") == "编码只能包含英文字母、数字、“-”和“_”")
        #expect(OrganisationCodes.problem("") == "编码应为 1 到 40 个字符")
        #expect(OrganisationCodes.problem("CCZX") == nil)
    }
}

/// Item codes (implementation codes) too (ADR 0019).
@Suite struct TypedItemCodeTests {
    @Test func anImplementationCodeParses() throws {
        let code = try #require(ItemCode(parsing: " 11440604mb2d05611x2000141000000 "))
        #expect(code.rawValue == "11440604MB2D05611X2000141000000")
    }

    @Test(arguments: ["", "1144060400", "11440604MB2D05611X20001410000001", "11440604MB2D05611X200014100000-", "11440604MB2D05611X20001410000０"])
    func malformedItemCodesAreRefused(text: String) {
        #expect(ItemCode(parsing: text) == nil)
    }
}
