import OneDoorCore
import Testing

@Suite struct USCCTests {
    @Test(arguments: ["91110000600037341L", "121200004013590816", "9144060573144633XL", "91350100M000100Y43", "9144060573144633xl"])
    func acceptsValidCodes(_ code: String) {
        let check = USCC.check(code)
        #expect(check.isValid, "\(check.problems)")
        #expect(check.normalized == code.uppercased())
    }

    @Test func reportsChecksumFailureAsOverridable() {
        let check = USCC.check("91350100M0001TGQXM")
        #expect(!check.isValid)
        #expect(check.onlyChecksumFailed)
        #expect(check.problems.count == 1)
        #expect(check.problems[0].contains("校验位"))
    }

    @Test func reportsLengthAndForbiddenCharacters() {
        #expect(USCC.check("9144").problems == ["统一社会信用代码应为 18 位（现为 4 位）"])
        let check = USCC.check("91440605731446330I")
        #expect(!check.isValid)
        #expect(!check.onlyChecksumFailed)
        #expect(check.problems.contains { $0.contains("“I”") })
    }

    @Test func checkCharacterMatchesValidCodes() {
        #expect(USCC.checkCharacter(for: "9144060573144633X") == "L")
        #expect(USCC.checkCharacter(for: "91110000600037341") == "L")
    }
}

@Suite struct DivisionCodeTests {
    @Test func acceptsSixNineAndTwelveDigits() {
        #expect(DivisionCode("440604") != nil)
        #expect(DivisionCode("440604001") != nil)
        #expect(DivisionCode("440604001001") != nil)
        #expect(DivisionCode("44060") == nil)
        #expect(DivisionCode("44060A") == nil)
    }

    @Test func parentsClimbTheHierarchy() {
        #expect(DivisionCode("440604001001")?.parent?.value == "440604001")
        #expect(DivisionCode("440604001")?.parent?.value == "440604")
        #expect(DivisionCode("440604")?.parent?.value == "440600")
        #expect(DivisionCode("440600")?.parent?.value == "440000")
        #expect(DivisionCode("440000")?.parent == nil)
    }
}

@Suite struct ItemCodeTests {
    @Test func implementationCodeIsUSCCLevelAndBasicCode() {
        let code = ItemCodes.implementationCode(uscc: "11440604007000011F", level: .county, basicCode: "000117005000")
        #expect(code == "11440604007000011F4000117005000")
        #expect(code.count == 31)
        #expect(ItemCodes.implementationCodeProblems(code, departmentUSCC: "11440604007000011F", level: .county, basicCode: "000117005000").isEmpty)
    }

    @Test func mismatchedPartsAreEachReported() {
        let problems = ItemCodes.implementationCodeProblems(
            "11440604007000011F5000117005001", departmentUSCC: "1144060400700002X7", level: .county, basicCode: "000117005000"
        )
        #expect(problems.count == 3)
    }

    @Test func badChecksumInsideImplementationCodeIsFound() {
        let problems = ItemCodes.implementationCodeProblems(
            "11440604007000011G4000117005000", departmentUSCC: nil, level: .county, basicCode: "000117005000"
        )
        #expect(problems.count == 1)
        #expect(problems[0].contains("校验位"))
    }
}
