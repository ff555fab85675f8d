import OneDoorCore
import Testing

@Suite struct ResidentIDTests {
    @Test(arguments: ["360426199101010071", "44011320141005001X", "110102199101010078", "11010519491231002X", "44011320141005001x"])
    func validNumbers(_ number: String) {
        let check = ResidentID.check(number)
        #expect(check.isValid, "\(check.problems)")
        #expect(check.normalized == number.uppercased())
    }

    @Test func whatAValidNumberSays() {
        let check = ResidentID.check(" 11010519491231002x ")
        #expect(check.normalized == "11010519491231002X")
        #expect(check.birthDate == CivilDate("1949-12-31"))
        #expect(check.gender == .female)
        #expect(check.regionCode == "110105")
        #expect(ResidentID.check("360426199101010071").gender == .male)
        #expect(ResidentID.age(born: CivilDate("1949-12-31")!, on: CivilDate("2026-11-22")!) == 76)
        #expect(ResidentID.age(born: CivilDate("1956-11-23")!, on: CivilDate("2026-11-22")!) == 69)
    }

    @Test func fifteenDigitNumbersAreUpgraded() {
        let check = ResidentID.check("610104620927690")
        #expect(check.isValid)
        #expect(check.upgradedFrom15)
        #expect(check.normalized == "610104196209276908")
        #expect(check.birthDate == CivilDate("1962-09-27"))
    }

    @Test func everyProblemIsNamed() {
        #expect(ResidentID.check("36042619910102009X").problems == ["校验位应为“3”，实为“X”"])
        #expect(ResidentID.check("1101051949123").problems == ["身份证号码应为 18 位（现为 13 位）"])
        #expect(ResidentID.check("11010519491231002Y").problems == ["身份证号码前 17 位应为数字，最后一位为数字或 X"])
        // Bad address code, impossible date and wrong check character, all at once.
        let many = ResidentID.check("990105202302300020")
        #expect(many.problems.count == 3)
        #expect(many.problems[0].contains("地址码“990105”"))
        #expect(many.problems[1].contains("“20230230”不是有效的出生日期"))
        #expect(many.problems[2].hasPrefix("校验位应为"))
        #expect(many.birthDate == nil && many.gender == nil)
        // Born tomorrow.
        let first17 = "44060420261123001"
        let future = first17 + String(ResidentID.checkCharacter(for: first17)!)
        #expect(ResidentID.check(future, today: CivilDate("2026-11-22")).problems == ["出生日期 2026年11月23日 晚于今天"])
    }

    @Test func maskingKeepsOnlyTheEnds() {
        #expect(ResidentID.masked("44011320141005001X") == "4401**********001X")
        #expect(ResidentID.masked("1234") == "****")
    }
}
