/// Citizen identity number (公民身份号码), GB 11643-1999; also the numbers of the residence
/// permits for Hong Kong, Macao and Taiwan residents (address codes 810000, 820000, 830000).
///
/// 18 characters: address code (6), birth date YYYYMMDD (8), sequence (3, the last odd for men),
/// check character (ISO 7064 MOD 11-2). Old 15-digit numbers are upgraded to 18.
public enum ResidentID {
    public enum Gender: String, Sendable, Codable, CaseIterable {
        case male, female

        public var label: String { self == .male ? "男" : "女" }
    }

    /// The outcome of checking a number: every problem, and what the number says when valid.
    public struct Check: Sendable, Equatable {
        /// The 18-character number, upper case (`x` → `X`), upgraded when 15 digits were given.
        public var normalized: String
        public var problems: [String]
        public var birthDate: CivilDate?
        public var gender: Gender?
        /// The six-digit address code of the place of first registration.
        public var regionCode: String?
        public var upgradedFrom15: Bool
        public var isValid: Bool { problems.isEmpty }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")
    /// Province-level prefixes of GB/T 2260, plus 81/82/83 for the residence permits.
    static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
    ]

    /// The check character for the first 17 digits, or nil when they are not 17 digits.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Checks a number and reports every problem (in Chinese). `today` bounds the birth date.
    public static func check(_ raw: String, today: CivilDate? = nil) -> Check {
        var number = raw.trimmingWhitespace().uppercased()
        var problems: [String] = []
        var upgraded = false
        let chars = Array(number)
        if chars.count == 15 {
            guard chars.allSatisfy(\.isASCIIDigit) else {
                return Check(normalized: number, problems: ["15 位身份证号码应全部为数字"], birthDate: nil, gender: nil, regionCode: nil, upgradedFrom15: false)
            }
            // 15-digit numbers (issued before 1999) have a two-digit year in the 1900s and no check digit.
            let first17 = String(chars[0..<6]) + "19" + String(chars[6..<15])
            number = first17 + String(checkCharacter(for: first17)!)
            upgraded = true
        } else if chars.count != 18 {
            return Check(normalized: number, problems: ["身份证号码应为 18 位（现为 \(chars.count) 位）"], birthDate: nil, gender: nil, regionCode: nil, upgradedFrom15: false)
        }
        let all = Array(number)
        guard all[0..<17].allSatisfy(\.isASCIIDigit), all[17].isASCIIDigit || all[17] == "X" else {
            return Check(normalized: number, problems: ["身份证号码前 17 位应为数字，最后一位为数字或 X"], birthDate: nil, gender: nil, regionCode: nil, upgradedFrom15: upgraded)
        }
        let region = String(all[0..<6])
        if !provinces.contains(String(all[0..<2])) {
            problems.append("前 6 位地址码“\(region)”不是有效的行政区划代码")
        }
        let birth = CivilDate(year: Int(String(all[6..<10]))!, month: Int(String(all[10..<12]))!, day: Int(String(all[12..<14]))!)
        if let birth {
            if birth.year < 1900 { problems.append("出生日期 \(birth.chinese) 早于 1900 年") }
            if let today, birth > today { problems.append("出生日期 \(birth.chinese) 晚于今天") }
        } else {
            problems.append("第 7–14 位“\(String(all[6..<14]))”不是有效的出生日期")
        }
        let expected = checkCharacter(for: String(all[0..<17]))!
        if all[17] != expected { problems.append("校验位应为“\(expected)”，实为“\(all[17])”") }
        let gender: Gender = all[16].wholeNumberValue! % 2 == 1 ? .male : .female
        let valid = problems.isEmpty
        return Check(
            normalized: number, problems: problems, birthDate: valid ? birth : nil, gender: valid ? gender : nil,
            regionCode: valid ? region : nil, upgradedFrom15: upgraded
        )
    }

    /// Whole years of age on `date` (a birthday on 29 February counts from 1 March in other years).
    public static func age(born: CivilDate, on date: CivilDate) -> Int {
        var years = date.year - born.year
        if (date.month, date.day) < (born.month, born.day) { years -= 1 }
        return years
    }

    /// "4401**********001X": the first 4 and the last 4 characters, for lists, logs and notices.
    public static func masked(_ number: String) -> String {
        let chars = Array(number)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(4)) + String(repeating: "*", count: chars.count - 8) + String(chars.suffix(4))
    }
}
